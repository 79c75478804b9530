// What a monthly report file holds: the centre's figures, each agency's own, and the names of the codes they use.

import type { Kysely } from 'kysely';
import type { ReportClock } from '../domain/reports/clock.ts';
import type { Report, ReportFilters } from '../domain/reports/summary.ts';
import type { Category } from '../domain/types.ts';
import { readAgencyReports, readReport } from '../store/report-store.ts';
import type { DatabaseSchema } from '../store/schema.ts';

/** Names of the codes a report uses. */
interface ReportNames {
  agencies: Record<string, string>;
  kecamatan: Record<string, string>;
  desa: Record<string, string>;
  categories: Record<string, string>;
  users: Record<string, string>;
}

export interface ReportBundle {
  period: { from: number; to: number };
  filters: ReportFilters;
  report: Report;
  /** The same period for each agency requested in it (its own figures only). */
  agencies: { agency: string; report: Report }[];
  names: ReportNames;
}

/** The names of agencies, kecamatan, desa, categories (Indonesian) and call takers, from the reference tables. */
async function loadNames(db: Kysely<DatabaseSchema>): Promise<ReportNames> {
  const [agencies, kecamatan, desa, categories, users] = await Promise.all([
    db.selectFrom('agencies').select(['id', 'name']).execute(),
    db.selectFrom('kecamatan').select(['code', 'name']).execute(),
    db.selectFrom('desa').select(['code', 'name']).execute(),
    db.selectFrom('categories').select(['code', 'doc']).execute(),
    db.selectFrom('users').select(['id', 'display_name']).execute(),
  ]);
  return {
    agencies: Object.fromEntries(agencies.map((a) => [a.id, a.name])),
    kecamatan: Object.fromEntries(kecamatan.map((k) => [k.code, k.name])),
    desa: Object.fromEntries(desa.map((d) => [d.code, d.name])),
    categories: Object.fromEntries(categories.map((c) => [c.code, (JSON.parse(c.doc) as Category).nameId])),
    users: Object.fromEntries(users.map((u) => [u.id, u.display_name])),
  };
}

/** The report of a period with the figures of every agency requested in it, and the names. */
export async function loadBundle(
  db: Kysely<DatabaseSchema>,
  period: { from: number; to: number },
  filters: ReportFilters,
  staff: boolean,
  clock: ReportClock,
): Promise<ReportBundle> {
  const [report, names] = await Promise.all([readReport(db, period, filters, staff, clock), loadNames(db)]);
  const ids = report.agencies.map((a) => a.agency);
  const own = await readAgencyReports(db, period, filters, ids, clock);
  const agencies = ids.map((agency) => ({ agency, report: own.get(agency)! }));
  return { period, filters, report, agencies, names };
}
