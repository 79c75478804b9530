// Migration for finding closed incidents again: each incident's number and caller number key as indexed columns,
// its place (kecamatan, desa: columns of the reports migration) indexed by time, and an agency → assignments index,
// so a search reads an index instead of all history.
import type { Kysely, Migration } from 'kysely';
import { phoneNumberKey } from '../domain/phone-number.ts';
import type { Incident } from '../domain/types.ts';
import { backfillFromDocs } from './backfill.ts';

const BACKFILL_PAGE = 5000;

/** The search columns of an incident row, as the store writes them with its document. */
export function incidentSearchColumns(incident: Incident) {
  return {
    number: incident.number,
    caller_key: incident.caller.phone ? phoneNumberKey(incident.caller.phone) : null,
  };
}

export const historyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const column of ['number', 'caller_key'])
      await db.schema.alterTable('incidents').addColumn(column, 'text').execute();
    await db.schema.createIndex('incidents_number').on('incidents').column('number').execute();
    await db.schema.createIndex('incidents_caller_key').on('incidents').column('caller_key').execute();
    await db.schema
      .createIndex('incidents_kecamatan')
      .on('incidents')
      .columns(['kecamatan', 'created_at'])
      .execute();
    await db.schema.createIndex('incidents_desa').on('incidents').columns(['desa', 'created_at']).execute();
    await db.schema
      .createIndex('assignments_agency')
      .on('assignments')
      .columns(['agency_id', 'seq'])
      .execute();
    // Incidents recorded before this migration: their columns, from their documents, a page at a time.
    await backfillFromDocs(db, 'incidents', BACKFILL_PAGE, (doc) => incidentSearchColumns(doc as Incident));
  },
};
