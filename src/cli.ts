// The `pinisi` command: start | serve | migrate | seed | verify-log | create-admin | reset-password | backup | restore
// | device-add DEVICE UNIT | report --month YYYY-MM --format pdf|csv|xlsx|json [--out FILE].
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { type Config, loadConfig, telephonySettings } from './config.ts';
import { monthPeriod } from './domain/reports/rollup.ts';
import { REPORT_FORMATS, type ReportFormat, reportFile, writeReportFile } from './reports/files.ts';
import { reportLook } from './reports/look.ts';
import { readyShelf } from './reports/ready-workbook.ts';
import { bulukumbaSeed } from './seed/bulukumba.ts';
import { buildApp } from './server/app.ts';
import { registerDevice, SHELL_ACTOR } from './server/devices.ts';
import { Engine } from './server/engine.ts';
import { hashPassword, temporaryPassword } from './server/passwords.ts';
import { adoptReference, seedIfEmpty } from './server/reference.ts';
import { backup, restore } from './store/backup.ts';
import { type Db, openDb } from './store/db.ts';
import { EventStore } from './store/event-store.ts';
import { migrate } from './store/migrations.ts';
import { adoptReportClock } from './store/report-store.ts';
import { stateBeforeLog, verifyState } from './store/verify-state.ts';
import { ensureWebBuilt } from './web-build.ts';

async function prepare(config: Config) {
  const db = openDb(config);
  await migrate(db.kysely);
  return db;
}

function addresses(port: number, host: string): string[] {
  if (host !== '0.0.0.0') return [`http://${host}:${port}`];
  const lan = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => `http://${i!.address}:${port}`);
  return [`http://localhost:${port}`, ...lan];
}

/** The seed's demo users only in demo mode (PINISI_DEMO_USERS); a production start seeds none. */
const seedPassword = (config: Config) => (config.demoUsers ? config.demoPassword : null);

/** Read at once: Node reads process.ppid on first use, which may be after the parent died. */
const STARTED_BY = process.ppid;

/** The parent's pid now (Node's process.ppid is fixed at start): /proc on Linux, else whether it still lives. */
function currentParent(parent: number): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    try {
      process.kill(parent, 0);
      return parent;
    } catch {
      return null;
    }
  }
}

/**
 * `stopWithParent`: for `npm start`, whose npm process stays the parent. A SIGKILL cannot be passed on, so when
 * that parent is gone (the process is adopted by another) Pinisi stops too instead of running on unseen.
 */
async function serve(config: Config, stopWithParent = false): Promise<void> {
  const db = await prepare(config);
  const seed = bulukumbaSeed();
  const seeded = await seedIfEmpty(db, seed, seedPassword(config));
  const { app, engine } = await buildApp(db, config, { acd: telephonySettings(config) });
  await app.listen({ port: config.port, host: config.host });
  const port = (app.server.address() as { port: number }).port;
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
  console.log(`Pinisi listening on ${addresses(port, config.host).join(' , ')} (${where})`);
  if (seeded)
    console.log(
      `Seeded Kabupaten Bulukumba: kecamatan, desa, agencies, stations, units${config.demoUsers ? ' and demo users' : ''}.`,
    );
  const users = [...engine.state.users.values()];
  const demo = seed.users.filter((u) => users.some((s) => s.username === u.username && s.active));
  if (config.demoUsers && demo.length > 0) {
    console.log(`Demo logins (password "${config.demoPassword}"):`);
    for (const u of demo) console.log(`  ${u.username.padEnd(16)} ${u.role.padEnd(11)} ${u.displayName}`);
  }
  if (!users.some((u) => u.role === 'admin' && u.active)) {
    console.log('No administrator yet. Make the first one with: npm run pinisi -- create-admin <username>');
  }
  console.log(`API documentation: http://localhost:${port}/docs`);
  const stop = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (stopWithParent) {
    const parent = STARTED_BY;
    setInterval(() => {
      if (currentParent(parent) !== parent) {
        console.error('The process that started Pinisi is gone: stopping.');
        void stop();
      }
    }, 500).unref();
  }
}

/**
 * Checks the chain against its head record; with `--head SEQ:HASH` that the log still holds a head exported
 * earlier; with `--state` the state tables against the log. 2 when something is broken.
 */
async function verifyLog(db: Db, withState: boolean, exported: string | null): Promise<number> {
  const store = new EventStore(db);
  const check = await store.verifyLog();
  if (!check.ok) {
    console.error(`Event log BROKEN at seq ${check.seq}: ${check.reason}`);
    return 2;
  }
  console.log(`Event log intact: ${check.count} events, head seq ${check.seq} hash ${check.head}`);
  if (exported !== null) {
    if (!/^\d+:[0-9a-f]{64}$/.test(exported)) {
      console.error(`--head wants SEQ:HASH as verify-log prints them, e.g. 42:${'0'.repeat(64)}`);
      return 64;
    }
    const [seq, hash] = exported.split(':');
    const row = await db.kysely
      .selectFrom('event_log')
      .select('hash')
      .where('seq', '=', Number(seq))
      .executeTakeFirst();
    if (!row || row.hash !== hash) {
      console.error(`Event log REWRITTEN: seq ${seq} no longer has the exported hash ${hash}`);
      return 2;
    }
    console.log(`The log continues the exported head seq ${seq}`);
  }
  if (!withState) return 0;
  // Everything but the map comes from the log.
  const state = await verifyState(db.kysely, stateBeforeLog(await store.loadReference()));
  if (!state.ok) {
    console.error(`State table ${state.table} DIFFERS from the log at ${state.id}: ${state.reason}`);
    return 2;
  }
  console.log(`State tables match the log: ${state.entities} rows rebuilt from ${state.events} events`);
  return 0;
}

/** Registers a GPS tracker (OsmAnd / Traccar Client protocol) for a unit through the log; its secret is shown once. */
async function addDevice(
  config: Config,
  deviceId: string | undefined,
  unitId: string | undefined,
): Promise<number> {
  if (!deviceId || !/^[A-Za-z0-9._:-]{1,64}$/.test(deviceId) || !unitId) {
    console.error('Use: device-add DEVICE_ID UNIT_ID (the device id as the tracker sends it in `id`)');
    return 64;
  }
  const db = await prepare(config);
  try {
    await seedIfEmpty(db, bulukumbaSeed(), seedPassword(config));
    const store = new EventStore(db);
    const engine = await Engine.open(store);
    await adoptReference(engine, store);
    const { outcome, secret } = await registerDevice(engine, deviceId, unitId);
    if (!outcome.ok) {
      console.error(`Refused: ${outcome.error.message}`);
      return 1;
    }
    console.log(`Device ${deviceId} now reports for unit ${unitId}. Its secret (shown once): ${secret}`);
    console.log(`Traccar Client server URL: https://<pinisi>/api/avl/osmand?key=${secret}`);
    return 0;
  } finally {
    await db.close();
  }
}

/**
 * Gives an account a new temporary password, printed once, through the log like the admin console does: the first
 * admin of a production start (`create-admin`), or an admin who forgot theirs (`reset-password`).
 */
async function account(
  config: Config,
  command: 'create-admin' | 'reset-password',
  username: string,
): Promise<number> {
  const db = await prepare(config);
  try {
    await seedIfEmpty(db, bulukumbaSeed(), seedPassword(config));
    const store = new EventStore(db);
    const engine = await Engine.open(store);
    await adoptReference(engine, store);
    const users = [...engine.state.users.values()];
    const existing = users.find((u) => u.username === username);
    const admins = users.filter((u) => u.role === 'admin' && u.active).map((u) => u.username);
    if (command === 'create-admin' && admins.length > 0 && !process.argv.includes('--another')) {
      console.error(
        `An administrator exists (${admins.join(', ')}): sign in as one to add users, or add --another.`,
      );
      return 1;
    }
    if (command === 'reset-password' && !existing) {
      console.error(`No user ${username}`);
      return 1;
    }
    const password = temporaryPassword();
    const actor = SHELL_ACTOR;
    const key = `cli:${randomUUID()}`;
    const hash = await hashPassword(password);
    const outcome =
      command === 'create-admin'
        ? await engine.execute(
            'user.create',
            { username, displayName: 'Administrator', role: 'admin' },
            actor,
            key,
            hash,
          )
        : await engine.execute('user.reset_password', { userId: existing!.id }, actor, key, hash);
    if (!outcome.ok) {
      console.error(`Refused: ${outcome.error.message}`);
      return 1;
    }
    console.log(`${username}: temporary password ${password}`);
    console.log('Sign in with it once; Pinisi then asks for a new password. It is not shown again.');
    return 0;
  } finally {
    await db.close();
  }
}

const USAGE =
  'Use: start | serve | migrate | seed | verify-log [--state] [--head SEQ:HASH] | create-admin <username> [--another] | ' +
  'reset-password <username> | backup <file> | restore <file> | device-add DEVICE UNIT | ' +
  'report --month YYYY-MM --format pdf|csv|xlsx|json [--out FILE]';

/** `report --month 2026-11 --format pdf [--out FILE]`: the monthly report as the supervisor's button makes it. */
async function monthlyReport(config: Config, db: Db): Promise<number> {
  const option = (name: string) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const month = option('month');
  const format = option('format') ?? 'pdf';
  if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || !REPORT_FORMATS.includes(format as ReportFormat)) {
    console.error(
      'report wants --month YYYY-MM and --format pdf|csv|xlsx|json (and --out FILE, or - for stdout)',
    );
    return 64;
  }
  const look = reportLook(config);
  await adoptReportClock(db.kysely, look);
  const period = monthPeriod(month, look.tzOffsetMinutes);
  // A closed month's XLSX the server made ready (ready-workbook.ts) is handed out while its stamp holds.
  const shelf = readyShelf({ dir: join(config.dataDir, 'reports'), look, now: Date.now });
  const file = await reportFile(
    db.kysely,
    period,
    {},
    format as ReportFormat,
    look,
    { calls: true, staff: true },
    undefined,
    shelf,
  );
  const out = option('out') ?? `laporan-112-${month}.${file.extension}`;
  // Written as it is made: the month's XLSX (every call) streams to the file, never whole in memory.
  await writeReportFile(file, out === '-' ? process.stdout : createWriteStream(out));
  if (out !== '-') console.log(`Report written to ${out}`);
  return 0;
}

async function main(): Promise<void> {
  const [command = 'serve', argument] = process.argv.slice(2);
  const config = loadConfig();
  switch (command) {
    case 'start':
      ensureWebBuilt();
      return serve(config, true);
    case 'create-admin':
    case 'reset-password':
      if (!argument || !/^[a-z0-9][a-z0-9._-]{2,31}$/.test(argument)) {
        console.error(`${command} wants a username: 3–32 of a-z 0-9 . _ -`);
        process.exitCode = 64;
        return;
      }
      process.exitCode = await account(config, command, argument);
      return;
    case 'backup':
    case 'restore': {
      if (!argument) {
        console.error(`${command} wants a file name`);
        process.exitCode = 64;
        return;
      }
      if (command === 'backup') await backup(config, argument);
      else await restore(config, argument);
      console.log(
        command === 'backup'
          ? `Backup written to ${argument}`
          : `Restored ${argument}; check it with: npm run pinisi -- verify-log --state`,
      );
      return;
    }
    case 'serve':
      return serve(config);
    case 'migrate': {
      const db = await prepare(config);
      await db.close();
      console.log('Migrations applied.');
      return;
    }
    case 'seed': {
      const db = await prepare(config);
      const seeded = await seedIfEmpty(db, bulukumbaSeed(), seedPassword(config));
      await db.close();
      console.log(seeded ? 'Seeded Kabupaten Bulukumba.' : 'The database already has data; nothing seeded.');
      return;
    }
    case 'verify-log': {
      const db = await prepare(config);
      try {
        const head = process.argv.indexOf('--head');
        process.exitCode = await verifyLog(
          db,
          process.argv.includes('--state'),
          head > 0 ? (process.argv[head + 1] ?? '') : null,
        );
      } finally {
        await db.close();
      }
      return;
    }
    case 'device-add':
      process.exitCode = await addDevice(config, process.argv[3], process.argv[4]);
      return;
    case 'report': {
      const db = await prepare(config);
      try {
        process.exitCode = await monthlyReport(config, db);
      } finally {
        await db.close();
      }
      return;
    }
    default:
      console.error(`Unknown command "${command}". ${USAGE}`);
      process.exitCode = 64;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
