// Persistence of the SOP: immutable published versions, the admin's one draft, and the triage answers of incidents.
import type { Kysely } from 'kysely';
import { bulukumbaSop } from '../domain/sop/bulukumba-sop.ts';
import type { Answers, SopDocument } from '../domain/sop/document.ts';
import { categoriesOf } from '../domain/sop/reference.ts';
import type { Db } from './db.ts';
import type { DatabaseSchema } from './schema.ts';

interface SopTables extends Pick<DatabaseSchema, 'categories'> {
  sop_versions: { version: number; title: string; doc: string; published_at: number; published_by: string };
  sop_draft: { id: string; doc: string; based_on: number | null; updated_at: number; updated_by: string };
  incident_triage: {
    id: string;
    incident_id: string;
    sop_version: number;
    category: string;
    answers: string;
    at: number;
    user_id: string;
  };
}

export interface SopVersionInfo {
  version: number;
  title: string;
  publishedAt: number;
  publishedBy: string;
}

export interface SopVersion extends SopVersionInfo {
  doc: SopDocument;
}

export interface SopDraft {
  /** Not necessarily a valid document: the admin saves work in progress. */
  doc: unknown;
  basedOn: number | null;
  updatedAt: number;
  updatedBy: string;
}

export interface TriageRecord {
  incidentId: string;
  sopVersion: number;
  category: string;
  answers: Answers;
  at: number;
  userId: string;
}

const DRAFT_ID = 'draft';

export class SopStore {
  private readonly db: Kysely<SopTables>;
  /** Published versions never change, so each is parsed once. */
  private readonly cache = new Map<number, SopVersion>();

  constructor(db: Db) {
    this.db = db.kysely as unknown as Kysely<SopTables>;
  }

  /** Publishes the default Bulukumba SOP as version 1, in force since the epoch, when no version exists yet. */
  async ensureInitial(): Promise<void> {
    await this.db
      .insertInto('sop_versions')
      .values({
        version: 1,
        title: bulukumbaSop.title,
        doc: JSON.stringify(bulukumbaSop),
        published_at: 0,
        published_by: 'system',
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .execute();
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
    const parsed: SopVersion = {
      version: Number(row.version),
      title: row.title,
      publishedAt: Number(row.published_at),
      publishedBy: row.published_by,
      doc: JSON.parse(row.doc) as SopDocument,
    };
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

  async current(): Promise<SopVersion> {
    return this.versionAt(Number.MAX_SAFE_INTEGER);
  }

  /** Stores a valid document as the next version; two admins publishing at once both get a number. */
  async publish(doc: SopDocument, by: string, at: number): Promise<SopVersionInfo> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const last = await trx
            .selectFrom('sop_versions')
            .select(['version', 'published_at'])
            .orderBy('version', 'desc')
            .limit(1)
            .executeTakeFirst();
          const version = (last ? Number(last.version) : 0) + 1;
          // Versions are in force in order: a clock that went back never reorders them.
          const publishedAt = Math.max(at, last ? Number(last.published_at) : 0);
          await trx
            .insertInto('sop_versions')
            .values({
              version,
              title: doc.title,
              doc: JSON.stringify(doc),
              published_at: publishedAt,
              published_by: by,
            })
            .execute();
          await trx.updateTable('sop_draft').set({ based_on: version }).where('id', '=', DRAFT_ID).execute();
          // The published categories become the reference the incident form and the domain check against;
          // categories the new version drops stay, for the incidents that still carry them.
          await trx
            .insertInto('categories')
            .values(categoriesOf(doc).map((c) => ({ code: c.code, doc: JSON.stringify(c) })))
            .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ doc: eb.ref('excluded.doc') })))
            .execute();
          return { version, title: doc.title, publishedAt, publishedBy: by };
        });
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  /** The draft, or the current version offered as one when the admin has not saved a draft yet. */
  async draft(): Promise<SopDraft> {
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
    const current = await this.current();
    return {
      doc: current.doc,
      basedOn: current.version,
      updatedAt: current.publishedAt,
      updatedBy: current.publishedBy,
    };
  }

  async saveDraft(doc: unknown, by: string, at: number): Promise<SopDraft> {
    const basedOn = (await this.draft()).basedOn;
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

  async recordTriage(record: TriageRecord, id: string): Promise<void> {
    await this.db
      .insertInto('incident_triage')
      .values({
        id,
        incident_id: record.incidentId,
        sop_version: record.sopVersion,
        category: record.category,
        answers: JSON.stringify(record.answers),
        at: record.at,
        user_id: record.userId,
      })
      .execute();
  }

  /** The latest triage answers recorded for an incident, or null. */
  async latestTriage(incidentId: string): Promise<TriageRecord | null> {
    const row = await this.db
      .selectFrom('incident_triage')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!row) return null;
    return {
      incidentId: row.incident_id,
      sopVersion: Number(row.sop_version),
      category: row.category,
      answers: JSON.parse(row.answers) as Answers,
      at: Number(row.at),
      userId: row.user_id,
    };
  }
}
