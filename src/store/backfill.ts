// Fills a table's new columns from each row's document, a page at a time in id order: how a migration brings the
// rows written before it up to date.
import type { Kysely } from 'kysely';

/** Sets on every row of `table` the columns `columnsOf` computes from its parsed document. */
export async function backfillFromDocs(
  db: Kysely<unknown>,
  table: string,
  pageSize: number,
  columnsOf: (doc: unknown) => Record<string, unknown>,
): Promise<void> {
  const rows = db as unknown as Kysely<{ t: { id: string; doc: string } & Record<string, unknown> }>;
  const t = table as 't';
  let after = '';
  for (;;) {
    const page = await rows
      .selectFrom(t)
      .select(['id', 'doc'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      await rows
        .updateTable(t)
        .set(columnsOf(JSON.parse(row.doc)))
        .where('id', '=', row.id)
        .execute();
    }
    after = page.at(-1)!.id;
  }
}
