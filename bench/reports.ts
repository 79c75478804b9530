// Reports at the size of years: a generated year of calls and incidents (state rows and hourly aggregates, made by
// the same fact functions the engine uses), then every month's report, lists and exports timed on each database.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import { DEFAULT_REPORT_CLOCK } from '../src/domain/reports/clock.ts';
import {
  CALL_HEADER,
  callLine,
  INCIDENT_HEADER,
  incidentRow,
  reportCsv,
} from '../src/domain/reports/export.ts';
import { FactReplay, FactSum } from '../src/domain/reports/facts.ts';
import { emptyState, load } from '../src/domain/state.ts';
import type { Assignment, Call, CallType, Incident } from '../src/domain/types.ts';
import { loadBundle } from '../src/reports/bundle.ts';
import { type MakePdf, monthWorkbook, reportFile } from '../src/reports/files.ts';
import { linesCsv, listCsv } from '../src/reports/list-files.ts';
import { reportLook } from '../src/reports/look.ts';
import { warmPdf } from '../src/reports/pdf.ts';
import { PdfThread } from '../src/reports/pdf-thread.ts';
import { ReadyWorkbooks } from '../src/reports/ready-workbook.ts';
import { WorkbookThread } from '../src/reports/xlsx-thread.ts';
import { bulukumbaSeed } from '../src/seed/bulukumba.ts';
import { seedIfEmpty } from '../src/server/reference.ts';
import { type Db, openDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrations.ts';
import {
  callColumns,
  callLines,
  incidentColumns,
  incidentPages,
  listCalls,
  listIncidents,
  readReport,
  saveFacts,
} from '../src/store/report-store.ts';
import type { DatabaseSchema } from '../src/store/schema.ts';

const CALLS = Number(process.env.BENCH_REPORT_CALLS ?? 1_000_000);
const INCIDENTS = Number(process.env.BENCH_REPORT_INCIDENTS ?? 50_000);
const YEAR = 2025;
const WITA = 8 * 3_600_000;

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Semarang's mix: many pranks and ghost calls, few emergencies (these plus the incidents' own calls). */
const TYPES: [CallType, number][] = [
  ['prank', 0.3],
  ['ghost', 0.12],
  ['information', 0.25],
  ['misdirected', 0.15],
  ['non_emergency', 0.1],
  ['test', 0.03],
  ['emergency', 0.05],
];

const monthStart = (m: number) => Date.UTC(YEAR, m, 1) - WITA;

interface Month {
  calls: Call[];
  incidents: Incident[];
  assignments: Assignment[];
}

/** One month of calls and incidents with a day-and-night rhythm and realistic answer and response times. */
function generateMonth(m: number, next: () => number, ref: ReturnType<typeof bulukumbaSeed>): Month {
  const from = monthStart(m);
  const span = monthStart(m + 1) - from;
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const exp = (meanMs: number) => Math.round(-Math.log(1 - next()) * meanMs);
  // More calls by day than at night: accept a uniform time with a probability following the hour.
  const when = () => {
    for (;;) {
      const at = from + Math.floor(next() * span);
      const hour = new Date(at + WITA).getUTCHours();
      if (next() < 0.35 + 0.65 * Math.sin((Math.PI * Math.max(0, hour - 5)) / 19) ** 2) return at;
    }
  };
  const n = Math.round(CALLS / 12);
  const k = Math.round(INCIDENTS / 12);
  const calls: Call[] = [];
  const incidents: Incident[] = [];
  const assignments: Assignment[] = [];
  const users = ['operator1', 'operator2', 'operator3', 'operator4', 'operator5', 'operator6'];
  const newCall = (i: number, type: CallType | null): Call => {
    const registeredAt = when();
    const abandoned = next() < 0.06;
    const answeredAt = abandoned ? null : registeredAt + 1500 + exp(7000);
    return {
      id: `c-${m}-${i}`,
      channel: next() < 0.93 ? 'voice' : pick(['sms', 'app', 'walk_in'] as const),
      number: `08${Math.floor(next() * 1e10)}`,
      status: 'ended',
      type: abandoned ? null : type,
      incidentId: null,
      registeredAt,
      answeredAt,
      answeredBy: answeredAt === null ? null : pick(users),
      classifiedAt: answeredAt === null ? null : answeredAt + 20_000,
      endedAt: (answeredAt ?? registeredAt + exp(20_000)) + 60_000,
      endedBy: null,
    };
  };
  for (let i = 0; i < n - k; i++) {
    const r = next();
    let seen = 0;
    const type =
      TYPES.find(([, p]) => {
        seen += p;
        return r < seen;
      })?.[0] ?? 'information';
    calls.push(newCall(i, type));
  }
  const categories = ref.categories;
  for (let j = 0; j < k; j++) {
    const call = { ...newCall(n + j, 'emergency'), answeredBy: pick(users) };
    call.answeredAt ??= call.registeredAt + 4000;
    const desa = pick(ref.desa);
    const category = pick(categories);
    const createdAt = call.answeredAt + 20_000 + exp(40_000);
    const forwardedAt = createdAt + exp(10_000);
    const dispatchedAt = forwardedAt + exp(60_000);
    const closed = next() < 0.97;
    const incident: Incident = {
      id: `i-${m}-${j}`,
      number: `${YEAR}-${String(m * k + j).padStart(6, '0')}`,
      category: category.code,
      location: {
        kecamatan: desa.kecamatan,
        desa: desa.code,
        address: 'Jl. Contoh',
        landmark: null,
        lat: null,
        lon: null,
      },
      caller: { name: null, phone: call.number },
      description: 'Kejadian',
      priority: category.defaultPriority,
      status: closed ? 'closed' : 'dispatched',
      callIds: [call.id],
      createdAt,
      createdBy: call.answeredBy,
      forwardedAt,
      dispatchedAt,
      closedAt: closed ? dispatchedAt + 3_600_000 : null,
      closedBy: closed ? 'pengarah1' : null,
      closeReason: null,
      updatedAt: dispatchedAt,
    };
    calls.push({ ...call, incidentId: incident.id, type: 'emergency' });
    incidents.push(incident);
    const agencies = category.agencies.length > 0 ? category.agencies.slice(0, 2) : ['polres'];
    agencies.forEach((agencyId, a) => {
      const declined = next() < 0.04;
      const acknowledgedAt = declined ? null : dispatchedAt + exp(90_000);
      assignments.push({
        id: `a-${m}-${j}-${a}`,
        incidentId: incident.id,
        agencyId,
        status: declined ? 'declined' : closed ? 'done' : 'acknowledged',
        note: null,
        requestedAt: dispatchedAt,
        requestedBy: 'pengarah1',
        acknowledgedAt,
        declinedReason: declined
          ? pick(['Unit sedang bertugas', 'Di luar wilayah', 'Bukan kewenangan'])
          : null,
        unitIds: [],
        outcome:
          !declined && closed
            ? { dead: next() < 0.02 ? 1 : 0, injured: next() < 0.2 ? 1 : 0, report: 'Selesai' }
            : null,
        doneAt: !declined && closed ? dispatchedAt + 3_000_000 : null,
        updatedAt: dispatchedAt,
      });
    });
  }
  // Rows in the order the centre writes them: a call's row is inserted when it is registered.
  calls.sort((a, b) => a.registeredAt - b.registeredAt);
  incidents.sort((a, b) => a.createdAt - b.createdAt);
  return { calls, incidents, assignments };
}

async function insertMonth(db: Kysely<DatabaseSchema>, month: Month): Promise<void> {
  const state = emptyState();
  load(state, month);
  const facts = new FactSum().add(new FactReplay(state).facts()).facts();
  await db.transaction().execute(async (trx) => {
    const page = 1000;
    for (let i = 0; i < month.calls.length; i += page) {
      await trx
        .insertInto('calls')
        .values(
          month.calls.slice(i, i + page).map((c) => ({
            id: c.id,
            doc: JSON.stringify(c),
            status: c.status,
            seq: 0,
            number: c.number,
            number_key: null,
            ...callColumns(c),
            csv_line: callLine(c),
          })),
        )
        .execute();
    }
    for (let i = 0; i < month.incidents.length; i += page) {
      await trx
        .insertInto('incidents')
        .values(
          month.incidents.slice(i, i + page).map((x) => ({
            id: x.id,
            doc: JSON.stringify(x),
            status: x.status,
            seq: 0,
            ...incidentColumns(x),
          })),
        )
        .execute();
    }
    for (let i = 0; i < month.assignments.length; i += page) {
      await trx
        .insertInto('assignments')
        .values(
          month.assignments.slice(i, i + page).map((a) => ({
            id: a.id,
            doc: JSON.stringify(a),
            status: a.status,
            seq: 0,
            incident_id: a.incidentId,
            agency_id: a.agencyId,
          })),
        )
        .execute();
    }
    await saveFacts(trx, facts, DEFAULT_REPORT_CLOCK);
  });
}

/** The meta row saying a database holds a whole generated year of this size (a kept database is reused). */
const YEAR_KEY = 'bench_report_year';
const YEAR_SIZE = `${YEAR}:${CALLS}:${INCIDENTS}`;

/** Whether the database already holds the generated year (BENCH_REPORT_DIR, or a PostgreSQL database given again). */
async function generatedYear(db: Db): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('meta')
    .select('value')
    .where('key', '=', YEAR_KEY)
    .executeTakeFirst();
  if (row && row.value !== YEAR_SIZE)
    throw new Error(`The database holds another generated year (${row.value}): give an empty one`);
  return row !== undefined;
}

function p95(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`;
}

async function timed(samples: number[], work: () => Promise<unknown>): Promise<void> {
  const start = performance.now();
  await work();
  samples.push(performance.now() - start);
}

/** The event loop's longest wait (ms) while `work` ran, beside the work's own time: what a console's command waited. */
async function loopHeld(
  samples: { ms: number[]; heldMs: number[] },
  work: () => Promise<unknown>,
): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // Its first tick only starts the count: a loop held from the start would go unseen.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const start = performance.now();
  await work();
  samples.ms.push(performance.now() - start);
  // Its timer fires once the loop is free again: a loop held to the end is counted then.
  await new Promise((resolve) => setTimeout(resolve, 50));
  delay.disable();
  samples.heldMs.push(delay.max / 1e6);
}

const heldLine = (samples: { ms: number[]; heldMs: number[] }) =>
  `${p95(samples.ms)}; event loop held at most ${Math.max(...samples.heldMs).toFixed(0)} ms (p50 ${[...samples.heldMs].sort((a, b) => a - b)[Math.floor(samples.heldMs.length / 2)]!.toFixed(0)} ms)`;

/** One sample's time and the event loop's longest hold. */
const single = (sample: { ms: number[]; heldMs: number[] }) =>
  `${sample.ms[0]!.toFixed(0)} ms, event loop held at most ${sample.heldMs[0]!.toFixed(0)} ms`;

async function benchDb(name: string, db: Db, thread: PdfThread): Promise<string[]> {
  const lines: string[] = [];
  await migrate(db.kysely);
  const seed = bulukumbaSeed();
  await seedIfEmpty(db, seed, 'bench-password');
  const started = performance.now();
  const generated = await generatedYear(db);
  if (!generated) {
    const next = random(112);
    for (let m = 0; m < 12; m++) await insertMonth(db.kysely, generateMonth(m, next, seed));
    await db.kysely.insertInto('meta').values({ key: YEAR_KEY, value: YEAR_SIZE }).execute();
  }
  if (db.dialect === 'postgres') await sql`analyze`.execute(db.kysely);
  const rows = await db.kysely
    .selectFrom('kpi_hourly')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const size = `${CALLS.toLocaleString('en')} calls and ${INCIDENTS.toLocaleString('en')} incidents of ${YEAR}`;
  lines.push(
    `${name}: ${generated ? 'reused' : 'generated'} ${size} in ${((performance.now() - started) / 1000).toFixed(0)} s; ${Number(rows.n).toLocaleString('en')} hourly aggregate rows`,
  );
  const kpi: number[] = [];
  const kpiFiltered: number[] = [];
  const kpiCsv: number[] = [];
  const incidentPage: number[] = [];
  const processedPage: number[] = [];
  const callPage: number[] = [];
  const incidentExport: number[] = [];
  const callExport: number[] = [];
  const monthPdf = { ms: [] as number[], heldMs: [] as number[] };
  const monthPdfHere = { ms: [] as number[], heldMs: [] as number[] };
  const monthFigures = { ms: [] as number[], heldMs: [] as number[] };
  const monthXlsx = { ms: [] as number[], heldMs: [] as number[] };
  const monthXlsxHere = { ms: [] as number[], heldMs: [] as number[] };
  const keptXlsx: number[] = [];
  const look = reportLook({});
  const access = { calls: true, staff: true };
  // The server's XLSX thread, warmed as the reports view's first read of the figures does.
  const books = new WorkbookThread((error) => console.error(error));
  const onBooks = books.stream.bind(books);
  await books.warm();
  const drain = async (stream: AsyncIterable<unknown>) => {
    for await (const _chunk of stream);
  };
  // The monthly workbook read to the end, as the server makes it (the second time a closed month's, kept once made:
  // files.ts).
  const xlsx = async (period: { from: number; to: number }) => {
    const file = await reportFile(db.kysely, period, {}, 'xlsx', look, access, undefined, null, onBooks);
    if (file.body instanceof Readable) await drain(file.body);
  };
  // Made on the event loop, as `pinisi report` does (never kept: the kept one is the server's above).
  const xlsxHere = async (period: { from: number; to: number }) =>
    drain((await monthWorkbook(db.kysely, period, {}, look, access)).make());
  for (let round = 0; round < 2; round++) {
    for (let m = 0; m < 12; m++) {
      const period = { from: monthStart(m), to: monthStart(m + 1) };
      await timed(kpi, () => readReport(db.kysely, period, {}, true, DEFAULT_REPORT_CLOCK));
      await timed(kpiFiltered, () =>
        readReport(db.kysely, period, { kecamatan: seed.kecamatan[0]!.code }, true, DEFAULT_REPORT_CLOCK),
      );
      await timed(kpiCsv, async () =>
        reportCsv(await readReport(db.kysely, period, {}, true, DEFAULT_REPORT_CLOCK), {}),
      );
      await timed(incidentPage, () =>
        listIncidents(db.kysely, { ...period, agency: 'damkar' }, { offset: 0, limit: 100 }),
      );
      // A processing bin's list (the time is worked out per incident of the period, not a column).
      await timed(processedPage, () =>
        listIncidents(db.kysely, { ...period, processingAtMost: 60_000 }, { offset: 0, limit: 100 }),
      );
      await timed(callPage, () =>
        listCalls(db.kysely, { ...period, abandoned: true }, { offset: 0, limit: 100 }),
      );
      if (round === 0) {
        // The exports as the API streams them, read to the end.
        const list = { from: period.from, to: period.to, filters: {} };
        await timed(incidentExport, () =>
          drain(
            listCsv(
              { ...list, kind: 'incidents', sheet: 'Kejadian', header: INCIDENT_HEADER, row: incidentRow },
              incidentPages(db.kysely, period),
            ),
          ),
        );
        await timed(callExport, () =>
          drain(
            linesCsv(
              { ...list, kind: 'calls', sheet: 'Panggilan', header: CALL_HEADER },
              callLines(db.kysely, period),
            ),
          ),
        );
        if (m < 3) {
          // As the server makes it (on its thread) and as `pinisi report` does (here), in turn.
          const onThread: MakePdf = (bundle, pdfLook) => thread.make(bundle, pdfLook);
          const both = [
            () => loopHeld(monthPdf, () => reportFile(db.kysely, period, {}, 'pdf', look, access, onThread)),
            () => loopHeld(monthPdfHere, () => reportFile(db.kysely, period, {}, 'pdf', look, access)),
          ];
          for (const pdf of m % 2 === 0 ? both : both.reverse()) await pdf();
          // What the event loop does for a PDF made on the thread: read the figures.
          await loopHeld(monthFigures, () => loadBundle(db.kysely, period, {}, false, look));
        }
        if (m < 6) {
          // On the server's thread and on the event loop, in turn (the first made here loads exceljs).
          const both = [
            () => loopHeld(monthXlsx, () => xlsx(period)),
            () => loopHeld(monthXlsxHere, () => xlsxHere(period)),
          ];
          for (const book of m % 2 === 0 ? both : both.reverse()) await book();
        }
      } else if (m < 3) await timed(keptXlsx, () => xlsx(period));
    }
  }
  lines.push(`  month KPI report (aggregates → figures): ${p95(kpi)}`);
  lines.push(`  month KPI report, one kecamatan: ${p95(kpiFiltered)}`);
  lines.push(`  month KPI CSV: ${p95(kpiCsv)}`);
  lines.push(`  month incidents of one agency, first page: ${p95(incidentPage)}`);
  lines.push(`  month incidents processed within 60 s, first page and count: ${p95(processedPage)}`);
  lines.push(`  month abandoned calls, first page: ${p95(callPage)}`);
  lines.push(`  month incidents CSV export (every incident): ${p95(incidentExport)}`);
  lines.push(
    `  month calls CSV export (every call, ~${Math.round(CALLS / 12).toLocaleString('en')}): ${p95(callExport)}`,
  );
  lines.push(
    `  monthly PDF on the server's thread (pdfmake, charts, agency pages; warm; 3 months): ${heldLine(monthPdf)}`,
  );
  lines.push(`  the PDF's figures read (loadBundle, on the event loop; 3 months): ${heldLine(monthFigures)}`);
  lines.push(
    `  monthly PDF made on the event loop (as \`pinisi report\`; warm; 3 months): ${heldLine(monthPdfHere)}`,
  );
  lines.push(
    `  monthly XLSX made on demand on the server's thread (KPI, every call and incident, streamed sheets; warm; 6 months): ${heldLine(monthXlsx)}`,
  );
  lines.push(
    `  monthly XLSX made on the event loop (as \`pinisi report\`, a loop turn every 2,000 cells; 6 months, the first loads exceljs): ${heldLine(monthXlsxHere)}`,
  );
  // The first workbook of a new thread: cold (the thread starts and loads exceljs as it is asked), and warmed first
  // (as the reports view's first read of the figures does), the same month each.
  const january = { from: monthStart(0), to: monthStart(1) };
  const cold = { ms: [] as number[], heldMs: [] as number[] };
  const warmed = { ms: [] as number[], heldMs: [] as number[] };
  let warmMs = 0;
  for (const warmFirst of [false, true]) {
    const fresh = new WorkbookThread((error) => console.error(error));
    try {
      if (warmFirst) {
        const start = performance.now();
        await fresh.warm();
        warmMs = performance.now() - start;
      }
      await loopHeld(warmFirst ? warmed : cold, async () =>
        drain((await monthWorkbook(db.kysely, january, {}, look, access, fresh.stream.bind(fresh))).make()),
      );
    } finally {
      await fresh.close();
    }
  }
  lines.push(
    `  first monthly XLSX of a new thread (January): cold ${single(cold)}; warmed first (warm-up ${warmMs.toFixed(0)} ms, off the loop) ${single(warmed)}`,
  );
  lines.push(`  monthly XLSX again, kept once made (stamps read; 3 closed months): ${p95(keptXlsx)}`);
  // The last closed month's workbooks made ahead on disk (the server's at a quiet moment), then asked for.
  const readyDir = mkdtempSync(join(tmpdir(), 'pinisi-bench-ready-'));
  try {
    const ready = new ReadyWorkbooks({
      db: db.kysely,
      dir: readyDir,
      look,
      now: () => monthStart(12) + 10 * 86_400_000,
      onError: (error) => console.error(error),
      idle: (work, onError) => void work().catch(onError),
      // The last closed month only (the server keeps twelve): its making and reading are what is measured.
      months: 1,
      makeWorkbook: onBooks,
    });
    const december = { from: monthStart(11), to: monthStart(12) };
    const made = performance.now();
    ready.check();
    await ready.settled();
    const makeMs = performance.now() - made;
    // A/B alternating with a month kept in memory (January, made and kept above), so the load hits both alike.
    const readyXlsx: number[] = [];
    const keptAgain: number[] = [];
    const read = async (period: { from: number; to: number }) => {
      const file = await reportFile(db.kysely, period, {}, 'xlsx', look, access, undefined, ready);
      if (file.body instanceof Readable) for await (const _chunk of file.body);
    };
    for (let i = 0; i < 9; i++) {
      await timed(readyXlsx, () => read(december));
      await timed(keptAgain, () => read({ from: monthStart(0), to: monthStart(1) }));
    }
    lines.push(
      `  monthly XLSX ready (the last closed month's, made at idle: ${ready.made} workbooks in ${(makeMs / 1000).toFixed(1)} s; read from disk, stamps read; 9 times): ${p95(readyXlsx)}`,
    );
    lines.push(`  monthly XLSX kept, alternating with the ready one (9 times): ${p95(keptAgain)}`);
    await ready.stop();
  } finally {
    rmSync(readyDir, { recursive: true, force: true });
    await books.close();
  }
  return lines;
}

/**
 * Runs the reports bench on SQLite (unless BENCH_REPORT_SQLITE=0), and on PostgreSQL when given an empty database's
 * URL; each database's figures are printed as they are measured. With BENCH_REPORT_DIR the SQLite database is kept
 * in that folder; a database (SQLite kept, or PostgreSQL) that already holds the generated year is reused as it is.
 */
export async function reportsBench(pgUrl: string | null): Promise<string> {
  const lines: string[] = [];
  // The first PDF of a thread or a process loads ECharts, pdfmake and the fonts: the server's thread does it when the
  // figures are first read, off its event loop; made here (as the server did at start-up before) it holds the loop.
  const look = reportLook({});
  const thread = new PdfThread((error) => console.error(error));
  const warm = { ms: [] as number[], heldMs: [] as number[] };
  await loopHeld(warm, () => thread.warm(look));
  const warmHere = { ms: [] as number[], heldMs: [] as number[] };
  await loopHeld(warmHere, () => warmPdf(look));
  // The same measure with nothing to do: what this machine's load alone delays the loop by.
  const idle = { ms: [] as number[], heldMs: [] as number[] };
  await loopHeld(idle, () => new Promise((resolve) => setTimeout(resolve, 2000)));
  lines.push(`Event loop idle for 2 s (the machine's noise): held at most ${idle.heldMs[0]!.toFixed(0)} ms`);
  lines.push(`PDF warm-up on the server's thread (ECharts, pdfmake, fonts; once): ${heldLine(warm)}`);
  lines.push(`PDF warm-up on the event loop (as servers did at start-up before): ${heldLine(warmHere)}`);
  console.log(lines.join('\n'));
  try {
    await databasesBench(pgUrl, thread, lines);
  } finally {
    await thread.close();
  }
  return lines.join('\n');
}

async function databasesBench(pgUrl: string | null, thread: PdfThread, lines: string[]): Promise<void> {
  const kept = process.env.BENCH_REPORT_DIR;
  const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'pinisi-bench-reports-'));
  try {
    if (process.env.BENCH_REPORT_SQLITE !== '0') {
      const sqlite = openDb({ dataDir });
      try {
        const figures = await benchDb('SQLite', sqlite, thread);
        console.log(figures.join('\n'));
        lines.push(...figures);
      } finally {
        await sqlite.close();
      }
    }
  } finally {
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
  if (pgUrl) {
    const pg = openDb({ dataDir, databaseUrl: pgUrl });
    try {
      const figures = await benchDb('PostgreSQL', pg, thread);
      console.log(figures.join('\n'));
      lines.push(...figures);
    } finally {
      await pg.close();
    }
  }
}
