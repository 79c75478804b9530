// Assembles the HTTP server: plugins, routes, the live stream and the web consoles, over an open store.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Config, DEFAULT_JUNK_RETENTION_DAYS, reportClock, SESSION_DEFAULTS } from '../config.ts';
import { ENDS_SESSIONS } from '../domain/admin/events.ts';
import { DomainError } from '../domain/errors.ts';
import { REPO } from '../paths.ts';
import { reportLook } from '../reports/look.ts';
import { PdfThread } from '../reports/pdf-thread.ts';
import { ReadyWorkbooks } from '../reports/ready-workbook.ts';
import { WorkbookThread } from '../reports/xlsx-thread.ts';
import type { Db } from '../store/db.ts';
import { EventStore } from '../store/event-store.ts';
import { verifyLogSinceLastStart } from '../store/log-head.ts';
import { PositionStore } from '../store/positions.ts';
import { adoptReportClock } from '../store/report-store.ts';
import { SecondFactorStore } from '../store/second-factors.ts';
import { SecretBox } from '../store/secret-box.ts';
import { SopStore } from '../store/sop-store.ts';
import { UserStore } from '../store/users.ts';
import { registerAccessLog } from './access-log.ts';
import { registerAuthRoutes, registerSessionLookup } from './auth.ts';
import { registerBodyDepthLimit } from './body-depth.ts';
import { Engine, type EngineOptions } from './engine.ts';
import { declareErrorAnswers, errorHandler, errorReply, routeNotFound } from './errors.ts';
import { EscalationWorker, type EscalationWorkerOptions } from './escalation-worker.ts';
import { type LazySchemas, lazySchemas } from './lazy-schemas.ts';
import { Metrics, registerMonitoring } from './metrics.ts';
import { type PositionOptions, PositionService } from './positions.ts';
import { Hub, registerStreamRoute } from './realtime.ts';
import { adoptReference } from './reference.ts';
import { RetentionWorker } from './retention-worker.ts';
import { registerAdminRoutes } from './routes/admin.ts';
import { registerCommandRoutes } from './routes/commands.ts';
import { registerEscalationRoutes } from './routes/escalations.ts';
import { registerGeoRoutes } from './routes/geo.ts';
import { registerReadRoutes } from './routes/read.ts';
import { registerReportRoutes } from './routes/reports.ts';
import { registerSecondFactorRoutes } from './routes/second-factor.ts';
import { registerSopRoutes } from './routes/sop.ts';
import { attachTelephony } from './routes/telephony.ts';
import { registerUnitRoutes } from './routes/units.ts';
import { loadSecretKey } from './secret-key.ts';
import { registerSecurity } from './security-headers.ts';
import { registerWebFiles } from './web-files.ts';

export interface Pinisi {
  app: FastifyInstance;
  telephony: ReturnType<typeof attachTelephony>;
  engine: Engine;
  store: EventStore;
  users: UserStore;
  hub: Hub;
  sop: SopStore;
  escalations: EscalationWorker;
  /** Erases junk calls' personal data after the retention period. */
  retention: RetentionWorker;
  /** The last twelve closed months' workbooks made ahead on disk (with a data dir). */
  ready: ReadyWorkbooks | null;
  positions: PositionService;
  /** The thread the monthly PDFs are made on (started at the first read of the report figures). */
  pdf: PdfThread;
  /** The thread the server's workbooks are written on (started at the first read of the report figures). */
  xlsx: WorkbookThread;
  /** Compiles the route schemas not used yet (they compile on first use); how many. */
  compileSchemas: LazySchemas['compileAll'];
}

const WEB_DIST = join(REPO, 'web/dist');

/**
 * Files under assets/ carry a hash of their content in their name: a browser keeps them for a year without asking
 * again. Everything else (index.html, the page every address opens) is checked on every load, so a new build is
 * seen at once.
 */
function webCacheControl(path: string): string {
  return /[\\/]assets[\\/][^\\/]+-[\w-]{8}\.\w+(\.(br|gz))?$/.test(path)
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
}

/**
 * Checks the hash chain from the last start to the head record. A broken chain stops start-up, unless the node
 * was told to serve read-only; returns why commands are refused, or null when they are not.
 */
async function checkLogAtStart(db: Db, readOnly: boolean): Promise<string | null> {
  const check = await verifyLogSinceLastStart(db.kysely, !readOnly);
  if (check.ok)
    return readOnly ? 'Pinisi serves read-only (PINISI_READ_ONLY=true): commands are refused' : null;
  const broken = `The event log is broken at seq ${check.seq}: ${check.reason}.`;
  if (!readOnly) {
    throw new Error(
      `${broken} Pinisi will not serve from a log it cannot trust. Run "pinisi verify-log" and ` +
        '"pinisi verify-log --state" to see what changed and restore the database from a backup, or set ' +
        'PINISI_READ_ONLY=true to serve it read-only meanwhile.',
    );
  }
  return `${broken} Pinisi serves read-only until the database is restored: commands are refused`;
}

export async function buildApp(
  db: Db,
  config: Pick<Config, 'cookieSecure' | 'replayLimit' | 'tileUrl' | 'logLevel'> &
    Partial<
      Pick<
        Config,
        | 'evapi'
        | 'locationFetchTimeoutMs'
        | 'amlSecret'
        | 'amlAllow'
        | 'dataDir'
        | 'sessionIdleMinutes'
        | 'sessionMaxHours'
        | 'trustProxy'
        | 'readOnly'
        | 'publicUrl'
        | 'hstsSeconds'
        | 'routingUrl'
        | 'reportHeading'
        | 'reportLogo'
        | 'timeZone'
        | 'shiftHours'
        | 'secondFactorRoles'
        | 'junkRetentionDays'
        | 'secretKeyFile'
        | 'demoUsers'
      >
    >,
  engineOptions: EngineOptions = {},
  escalationOptions: EscalationWorkerOptions = {},
  positionOptions: PositionOptions = {},
): Promise<Pinisi> {
  const clock = reportClock(config);
  const store = new EventStore(db, clock);
  const sessions = { ...SESSION_DEFAULTS, ...config };
  const users = new UserStore(
    db.kysely,
    { idleMs: sessions.sessionIdleMinutes * 60_000, maxMs: sessions.sessionMaxHours * 3_600_000 },
    config.secondFactorRoles ?? [],
  );
  const factors = new SecondFactorStore(db.kysely, new SecretBox(loadSecretKey(config)));
  const readOnly = await checkLogAtStart(db, config.readOnly ?? false);
  // The daily aggregates follow the configured time zone and shifts (cut again from the hourly ones if they changed).
  if (!readOnly) await adoptReportClock(db.kysely, clock);
  // Authenticator secrets of an older database, stored before they were sealed, are sealed now.
  if (!readOnly) await factors.sealStored();
  const sop = new SopStore(db);
  const metrics = new Metrics();
  const engine = await Engine.open(store, { ...engineOptions, readOnly, onCommitted: metrics.committed });
  // An older database's reference data (and SOP v1) goes into the log once, before anything is served.
  if (!readOnly) await adoptReference(engine, store);
  // An open console keeps its session in use; one that expired (or was revoked elsewhere) loses its stream.
  const hub = new Hub(engine, store, config.replayLimit, async (token) => {
    const now = engine.now();
    if ((await users.userForToken(token, now)) === null) return false;
    await users.seen(token, now);
    return true;
  });
  const positions = await PositionService.open(new PositionStore(db.kysely), engine, positionOptions);
  positions.onPositions((changed) => hub.sendPositions(changed));
  const schemas = lazySchemas();
  const app = Fastify({
    schemaController: { compilersFactory: schemas.compilersFactory },
    logger: { level: config.logLevel },
    bodyLimit: 256 * 1024,
    // X-Forwarded-For / -Proto only from the configured reverse proxies (PINISI_TRUST_PROXY).
    trustProxy: config.trustProxy ?? false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  app.setErrorHandler(errorHandler);
  declareErrorAnswers(app);
  // The server's time in ms on every answer: a crew's phone stamps a button pressed offline with it (the Date
  // header counts whole seconds, and lags behind a busy event loop).
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-server-time', String(Date.now()));
    return payload;
  });
  if (readOnly) {
    app.log.warn(readOnly);
    // Nothing may write: commands are refused by the engine, and so is every other write (SOP, triage, AML …).
    app.addHook('onRequest', async (request) => {
      const writes = request.method !== 'GET' && request.method !== 'HEAD';
      if (writes && !request.url.startsWith('/api/auth/')) throw new DomainError('log.read_only', readOnly);
    });
  }
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Pinisi 112 API',
        version: '0.1.0',
        description: 'Commands, reads and the live stream of Pinisi.',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // After the WebSocket plugin, whose own hook must see a refused upgrade to close its socket.
  registerSecurity(app, {
    tileUrl: config.tileUrl,
    publicUrl: config.publicUrl ?? null,
    hstsSeconds: config.hstsSeconds ?? 0,
  });
  registerBodyDepthLimit(app);
  registerSessionLookup(app, users, () => engine.now());
  registerAuthRoutes(app, users, {
    cookieSecure: config.cookieSecure,
    now: () => engine.now(),
    onLogout: (token) => hub.closeSession(token),
    engine,
    factors,
  });
  const recordRead = registerAccessLog(app, { db: db.kysely, now: () => engine.now() });
  registerSecondFactorRoutes(app, { engine, users, factors, cookieSecure: config.cookieSecure });
  // A revoked, disabled or reset account loses its sessions on every node at once: memory forgets them, streams close.
  engine.subscribe((events) => {
    for (const event of events) {
      if (!ENDS_SESSIONS.has(event.type)) continue;
      const userId = (event as { userId: string }).userId;
      users.forgetUser(userId);
      hub.closeUser(userId);
    }
  });
  registerAdminRoutes(app, { engine, users });
  registerMonitoring(app, { db, engine, hub, metrics, readOnly: readOnly !== null });
  registerCommandRoutes(app, engine);
  registerReadRoutes(app, { engine, store, users, tileUrl: config.tileUrl });
  registerGeoRoutes(app);
  registerStreamRoute(app, hub, recordRead);
  registerSopRoutes(app, { engine, sop });
  const pdf = new PdfThread((error) => app.log.error(error));
  const xlsx = new WorkbookThread((error) => app.log.error(error));
  const look = reportLook(config);
  // The last twelve closed months' workbooks made on disk at quiet moments, before anyone asks (ready-workbook.ts).
  const ready = config.dataDir
    ? new ReadyWorkbooks({
        db: db.kysely,
        dir: join(config.dataDir, 'reports'),
        look,
        now: () => engine.now(),
        onError: (error) => app.log.error(error),
        makeWorkbook: xlsx.stream.bind(xlsx),
      })
    : null;
  if (ready) {
    engine.subscribe((events) => {
      const erased = events.flatMap((event) =>
        event.type === 'call.personal_data_erased' ? [event.callId] : [],
      );
      if (erased.length > 0) ready.erased(erased);
    });
    ready.start();
  }
  registerReportRoutes(app, { store, look, pdf, xlsx, ready });
  registerUnitRoutes(app, engine, positions, config.routingUrl ?? null);
  positions.onError = (error) => app.log.error(error);
  const escalations = new EscalationWorker(engine, store, sop, {
    onError: (error) => app.log.error(error),
    ...escalationOptions,
    ...(readOnly ? { pollMs: 0 } : {}),
  });
  registerEscalationRoutes(app, escalations);
  const retention = new RetentionWorker(engine, db.kysely, {
    retentionDays: config.junkRetentionDays ?? DEFAULT_JUNK_RETENTION_DAYS,
    onError: (error) => app.log.error(error),
    ...(readOnly ? { everyMs: 0 } : {}),
  });
  const telephony = attachTelephony(app, engine, store, {
    evapi: config.evapi ?? null,
    ...(config.locationFetchTimeoutMs ? { locationFetchTimeoutMs: config.locationFetchTimeoutMs } : {}),
    aml: { secret: config.amlSecret ?? null, allow: config.amlAllow ?? null },
  });
  const web = existsSync(WEB_DIST) ? registerWebFiles(app, WEB_DIST, webCacheControl) : null;
  app.setNotFoundHandler((request, reply) => {
    // Any other address is a console route and gets the app; a missing asset (an old build's) stays a 404.
    const consoleRoute = request.method === 'GET' && !/^\/(api|assets)\//.test(request.url);
    if (web && consoleRoute && web.send(request, reply, '/index.html', webCacheControl('/index.html')))
      return reply;
    return errorReply(reply, routeNotFound(request));
  });
  const unlisten = db.listen
    ? await db.listen((seq) => {
        engine.catchUp(seq);
      })
    : null;
  app.addHook('onClose', async () => {
    await escalations.stop();
    await retention.stop();
    await ready?.stop();
    await positions.close();
    hub.close();
    await unlisten?.();
    await pdf.close();
    await xlsx.close();
  });
  return {
    app,
    engine,
    store,
    users,
    hub,
    telephony,
    sop,
    escalations,
    retention,
    ready,
    positions,
    pdf,
    xlsx,
    compileSchemas: schemas.compileAll,
  };
}
