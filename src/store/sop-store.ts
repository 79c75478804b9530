// Reads of the SOP: published versions (written by the engine with their `sop.published` event) and the admin's draft.
import type { Kysely } from 'kysely';
import type { PublishedSop } from '../domain/types.ts';
import type { Db } from './db.ts';
import { sopVersionOf } from './event-store.ts';
import type { DatabaseSchema } from './schema.ts';

export type SopVersionInfo = Omit<PublishedSop, 'doc'>;
export type SopVersion = PublishedSop;

export interface SopDraft {
  /** Not necessarily a valid document: the admin saves work in progress. */
  doc: unknown;
  basedOn: number | null;
  updatedAt: number;
  updatedBy: string;
}

const DRAFT_ID = 'draft';

export class SopStore {
  private readonly db: Kysely<DatabaseSchema>;
  /** Published versions never change, so each is parsed once. */
  private readonly cache = new Map<number, SopVersion>();

  constructor(db: Db) {
    this.db = db.kysely;
  }

  async versions(): Promise<SopVersionInfo[]> {
    const rows = await this.db
      .selectFrom('sop_versions')
      .select(['version', 'title', 'published_at', 'published_by'])
      .orderBy('version')
      .execute();
    return rows.map((r) => ({
      version: Number(r.version),
      title: r.title,
      publishedAt: Number(r.published_at),
      publishedBy: r.published_by,
    }));
  }

  async version(version: number): Promise<SopVersion | null> {
    const cached = this.cache.get(version);
    if (cached) return cached;
    const row = await this.db
      .selectFrom('sop_versions')
      .selectAll()
      .where('version', '=', version)
      .executeTakeFirst();
    if (!row) return null;
    const parsed = sopVersionOf(row);
    this.cache.set(parsed.version, parsed);
    return parsed;
  }

  /** The version in force at an instant: the last one published at or before it. */
  async versionAt(at: number): Promise<SopVersion> {
    const row = await this.db
      .selectFrom('sop_versions')
      .select('version')
      .where('published_at', '<=', at)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const found = row ? await this.version(Number(row.version)) : null;
    if (!found) throw new Error('No SOP version is published');
    return found;
  }

  /** The draft, or the version in force offered as one when the admin has not saved a draft yet. */
  async draft(current: SopVersion): Promise<SopDraft> {
    const row = await this.db
      .selectFrom('sop_draft')
      .selectAll()
      .where('id', '=', DRAFT_ID)
      .executeTakeFirst();
    if (row) {
      return {
        doc: JSON.parse(row.doc),
        basedOn: row.based_on === null ? null : Number(row.based_on),
        updatedAt: Number(row.updated_at),
        updatedBy: row.updated_by,
      };
    }
    return {
      doc: current.doc,
      basedOn: current.version,
      updatedAt: current.publishedAt,
      updatedBy: current.publishedBy,
    };
  }

  async saveDraft(doc: unknown, by: string, at: number, current: SopVersion): Promise<SopDraft> {
    const basedOn = (await this.draft(current)).basedOn;
    const values = {
      id: DRAFT_ID,
      doc: JSON.stringify(doc),
      based_on: basedOn,
      updated_at: at,
      updated_by: by,
    };
    await this.db
      .insertInto('sop_draft')
      .values(values)
      .onConflict((oc) => oc.column('id').doUpdateSet({ doc: values.doc, updated_at: at, updated_by: by }))
      .execute();
    return { doc, basedOn, updatedAt: at, updatedBy: by };
  }

  /** After the draft was published: the draft is now based on that version. */
  async draftPublished(version: number): Promise<void> {
    await this.db.updateTable('sop_draft').set({ based_on: version }).where('id', '=', DRAFT_ID).execute();
  }
}
