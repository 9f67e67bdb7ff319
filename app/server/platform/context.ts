import {
  type Database,
  defaultDatabaseUrl,
  ensureDataDir,
  groupCommitOf,
  migrateDatabase,
  ON_LOOP_CHECKPOINT_PAGES,
  openDatabase,
  dataDir as resolveDataDir,
  startCheckpointer,
} from '@madoguchi/db';
import { type CallRooms, type LiveKitCredentials, livekitRooms, resolveLiveKitCredentials } from '@madoguchi/media-server';
import { type AccountAdminService, createAccountAdminService } from '../auth/accounts.server';
import { type AccountAuth, createAccountAuth } from '../auth/login.server';
import { type BoothAuth, createBoothAuth } from '../booths/booth-auth.server';
import { type BoothService, createBoothService } from '../booths/booths.server';
import { type BoothHealthService, createBoothHealthService } from '../booths/health.server';
import { createInProcessPush, type PushChannel } from '../calls/push.server';
import { type ClusterPushChannel, createRedisPush } from '../calls/push-redis.server';
import { createQueueService, type QueueService } from '../calls/queue.server';
import { createQueueRpc, type QueueCommands } from '../calls/queue-rpc.server';
import { createSessionHistory, type SessionHistory } from '../calls/session-history.server';
import { createSessionService, type SessionService } from '../calls/sessions.server';
import { createSupervisionService, type SupervisionService } from '../calls/supervision.server';
import { createLedgerService, type LedgerService } from '../ledger/ledger.server';
import { createMunicipalityService, type MunicipalityService } from '../municipalities/municipalities.server';
import { createPhotoService, type PhotoService } from '../photos/photos.server';
import { createPhotoPipeline, pipelineOptionsFrom } from '../photos/pipeline.server';
import { createDatabasePhotoStore, createPhotoStore, photoKeyFrom } from '../photos/store.server';
import { createFaqService, type FaqService } from '../records/faq.server';
import { createRecordsService, type RecordsService } from '../records/records.server';
import { createReportsService, type ReportsService } from '../reports/reports.server';
import { createProofOfWork } from '../reservations/proof-of-work.server';
import { createReservationService, type ReservationService } from '../reservations/reservations.server';
import { createStaffingService, type StaffingService } from '../staffing/staffing.server';
import { type ClusterLink, defaultNodeId, joinCluster } from './cluster.server';
import { type Env, livekitHttpUrl } from './env';
import { contendForLeadership, type Leadership } from './leadership.server';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics.server';
import { aesKeyFromEnvOrFile, derivedKey, secretFromEnvOrFile } from './secrets';

/** Everything a request handler may use, built once at start and shared by Hono and Remix. */
export interface AppContext {
  env: Env;
  logger: Logger;
  database: Database;
  /** Booth-health telemetry's connection: on a local file its own, at synchronous = NORMAL (decision 0039); else `database`. */
  healthDatabase: Database;
  livekit: LiveKitCredentials & { httpUrl: string; port: number; publicUrl: string | undefined };
  sessions: SessionService;
  /** Supervisors listening in on, coaching in, joining and taking over calls (decision 0037). */
  supervision: SupervisionService;
  boothAuth: BoothAuth;
  accounts: AccountAuth;
  accountAdmin: AccountAdminService;
  municipalities: MunicipalityService;
  booths: BoothService;
  /** Session lists and one session's events, as staff read them. */
  sessionHistory: SessionHistory;
  /** Incidents, inquiries and the audit log (decision 0016). */
  records: RecordsService;
  /** FAQ / manual entries with versioned, approved revisions (decision 0016). */
  faq: FaqService;
  push: PushChannel;
  /** The live queue's commands: carried out here when this node runs the dispatcher, else sent to the node that does. */
  queue: QueueCommands;
  /** The dispatcher itself, when this node runs it (always with one node; the lease holder with several). */
  dispatcher(): QueueService | null;
  /** Multi-node mode (REDIS_URL): this node's name and link; null with one node. */
  cluster: ClusterLink | null;
  /** Prometheus metrics of this node (GET /metrics with METRICS_TOKEN). */
  metrics: Metrics;
  /** Face photos: encrypted storage, approval, one download, deletion (decision 0012). */
  photos: PhotoService;
  /** The personal-data ledger: pages, the staff view and the CSV export (decision 0012). */
  ledger: LedgerService;
  /** Heartbeats, status intervals, uptime, outage alerts, remote commands (decision 0014). */
  boothHealth: BoothHealthService;
  /** Dashboard figures, daily and monthly reports, the analysis text (decision 0015). */
  reports: ReportsService;
  /** Service-level settings, operator groups, minimum windows, live staffing and breaches (decision 0031). */
  staffing: StaffingService;
  /** Reservations: slots, booking, check-in at the booth, the no-show release (decision 0034). */
  reservations: ReservationService;
  /** The ws(s):// URL a browser that loaded `requestUrl` should use for LiveKit. */
  livekitUrlFor(requestUrl: string): string;
  /** Stops every timer and worker (queue, booth-health sweep, photo sweep and face worker), gives the lease up, then the database. */
  close(): Promise<void>;
}

/** The Redis key of the dispatcher's lease: its holder runs the queue and the sweeps (decision 0029). */
const DISPATCHER_LEASE = 'mdg:lease:dispatcher';

/** `rooms`: tests that run without a media server pass a stand-in for LiveKit's RoomService. */
export async function createAppContext(env: Env, options: { rooms?: CallRooms } = {}): Promise<AppContext> {
  const dataDir = ensureDataDir(resolveDataDir(env.MADOGUCHI_DATA_DIR));
  const logger = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT);
  const cluster = env.REDIS_URL ? await joinCluster(env.REDIS_URL, env.NODE_ID ?? defaultNodeId(), logger) : null;
  const databaseUrl = env.DATABASE_URL ?? defaultDatabaseUrl(dataDir);
  const localFile = databaseUrl.startsWith('file:');
  // A local file's WAL is checkpointed on a worker thread, not by a commit on the event loop
  // (decision 0039); the app's connections keep a far threshold as a safety net.
  const onLoopCheckpoint = localFile ? { walAutoCheckpointPages: ON_LOOP_CHECKPOINT_PAGES } : {};
  const database = await openDatabase({
    url: databaseUrl,
    ...(env.DATABASE_AUTH_TOKEN ? { authToken: env.DATABASE_AUTH_TOKEN } : {}),
    ...onLoopCheckpoint,
  });
  await migrateDatabase(database);
  // Booth-health telemetry (intervals, snapshots, last beats) on a local file: its own connection at
  // synchronous = NORMAL, so its commits do not wait for the disk on the event loop; every other
  // record stays durable at commit (decision 0039). A libSQL server: the one connection.
  const healthDatabase = localFile ? await openDatabase({ url: databaseUrl, synchronous: 'normal', ...onLoopCheckpoint }) : database;
  const checkpointer = localFile
    ? startCheckpointer(databaseUrl, { onError: (message) => logger.warn({ message }, 'WAL checkpoint failed') })
    : null;

  const credentials = resolveLiveKitCredentials(dataDir, {
    apiKey: env.LIVEKIT_API_KEY,
    apiSecret: env.LIVEKIT_API_SECRET,
  });
  const httpUrl = livekitHttpUrl(env.LIVEKIT_URL);
  const port = Number(new URL(httpUrl).port || (httpUrl.startsWith('https') ? 443 : 80));
  const sessionSecret = secretFromEnvOrFile(env.SESSION_SECRET, dataDir, 'session-secret');
  const secureCookies = env.PUBLIC_ORIGIN?.startsWith('https://') === true;

  const boothAuth = createBoothAuth(database.db, { cacheMs: env.BOOTH_AUTH_CACHE_MS });
  const photoPipeline = createPhotoPipeline(pipelineOptionsFrom(env));
  const photoKey = photoKeyFrom(env.PHOTO_KEY, dataDir);
  const photos = createPhotoService({
    db: database.db,
    store: env.PHOTO_STORE === 'database' ? createDatabasePhotoStore(database.db, photoKey) : createPhotoStore(dataDir, photoKey),
    pipeline: photoPipeline,
    graceMs: env.PHOTO_GRACE_MS,
    maxAgeMs: env.PHOTO_MAX_AGE_MS,
    sweepMs: env.PHOTO_SWEEP_MS,
    onError: (err, message) => logger.warn({ err }, message),
  });
  const rooms = options.rooms ?? livekitRooms(httpUrl, credentials);
  const sessions = createSessionService({
    db: database.db,
    groupCommit: groupCommitOf(database.client),
    livekit: credentials,
    rooms,
    boothRejoinGraceMs: env.BOOTH_REJOIN_GRACE_MS,
    unclaimedRoomGraceMs: env.UNCLAIMED_ROOM_GRACE_MS,
    livekitWatchMs: env.LIVEKIT_WATCH_MS,
    onError: (err, message) => logger.warn({ err }, message),
    onWarning: (fields, message) => logger.warn(fields, message),
    // However a session ends, its photos are deleted after the grace period, and it leaves the
    // live queue: its operator goes to after-call work (decision 0009).
    onEnded: async (sessionId, endedAt) => {
      try {
        await photos.scheduleDeletion(sessionId, endedAt);
      } finally {
        await queue.sessionEnded(sessionId);
      }
    },
    // An interpreter LiveKit saw leave: their part of the call ends, the call goes on (issue 18).
    onInterpreterLeft: (sessionId, interpreterId, at) => queue.interpreterDropped(sessionId, interpreterId, at.getTime()),
  });
  const metrics = createMetrics();
  const presenceTtlMs = 6_000;
  const push: PushChannel | ClusterPushChannel = cluster
    ? createRedisPush({ redis: cluster.redis, subscriber: cluster.subscriber(), nodeId: cluster.nodeId, presenceTtlMs })
    : createInProcessPush();
  /** The dispatcher, while this node runs it. */
  let dispatcher: QueueService | null = null;
  // A new one each time this node takes the lease: Router.restore rebuilds from the database.
  const newDispatcher = () =>
    createQueueService({
      db: database.db,
      sessions,
      push,
      logger,
      meter: metrics.queueMeter,
      // Several nodes: each batch of decisions is written only while this node holds the lease.
      ...(cluster ? { confirm: () => leadership?.confirm() ?? Promise.resolve(false) } : {}),
      config: {
        offerTimeoutMs: env.OFFER_TIMEOUT_MS,
        wrapUpMs: env.WRAP_UP_MS,
        averageHandlingMs: env.AVERAGE_HANDLING_MS,
        consoleGraceMs: env.CONSOLE_GRACE_MS,
        interpreterWaitMs: env.INTERPRETER_WAIT_MS,
      },
    });
  const rpc = cluster
    ? createQueueRpc({
        redis: cluster.redis,
        subscriber: cluster.subscriber(),
        nodeId: cluster.nodeId,
        logger,
        local: () => dispatcher,
        // Asked again every second: a node that took the lease meanwhile answers at the next ask.
        attemptMs: 1_000,
        deadlineMs: env.LEASE_MS + 5_000,
      })
    : null;
  // With one node the dispatcher is this one, always; with several, commands go wherever it runs.
  const single = rpc ? null : newDispatcher();
  const queue: QueueCommands = rpc ? rpc.queue : (single as QueueService);
  metrics.bind({
    waiting: () => dispatcher?.waitingCalls() ?? [],
    isDispatcher: () => dispatcher !== null,
    photoBudget: () => photoPipeline.budget,
  });
  const staffing = createStaffingService({
    db: database.db,
    client: database.client,
    logger,
    checkEveryMs: env.STAFFING_CHECK_MS,
    httpsOnlyWebhooks: env.PUBLIC_ORIGIN?.startsWith('https:') ?? false,
  });
  const reservations = createReservationService({
    db: database.db,
    client: database.client,
    sweepMs: env.RESERVATION_SWEEP_MS,
    onError: (err, message) => logger.warn({ err }, message),
    // Keys derived from the session secret, which every node is given: any node verifies a challenge
    // another made; a solution used once and the budgets are shared through Redis with several nodes.
    proofOfWork: createProofOfWork(
      derivedKey(sessionSecret, 'reservation proof-of-work key').toString('base64url'),
      env.RESERVATION_POW_MAX_NUMBER,
      cluster ? { redis: cluster.redis } : undefined,
    ),
    budgets: { requestsPerMinute: env.RESERVATION_REQUESTS_PER_ADDRESS, bookingsPerHour: env.RESERVATION_BOOKINGS_PER_ADDRESS },
    budgetKey: derivedKey(sessionSecret, 'reservation budget key'),
    shared: cluster ? { redis: cluster.redis } : undefined,
  });
  const boothHealth = createBoothHealthService({
    db: database.db,
    writesDb: healthDatabase.db,
    logger,
    config: {
      heartbeatMs: env.HEARTBEAT_MS,
      offlineAfterMs: env.BOOTH_OFFLINE_AFTER_MS,
      httpsOnlyWebhooks: env.PUBLIC_ORIGIN?.startsWith('https:') ?? false,
    },
    // Several nodes: the booths' state in Redis, beats and reads on every node (decision 0030).
    shared: cluster ? { redis: cluster.redis } : undefined,
  });

  /**
   * The work one node does at a time: the dispatcher (rebuilt from the database), the room sweep
   * and LiveKit watch, the photo sweep. With one node it starts here and stops at close; with
   * several, the lease holder runs it (decision 0029).
   */
  const leaderWork = {
    async start() {
      // How long each step took, in the log: a slow take-over shows which one (decision 0029).
      const tookMs: Record<string, number> = {};
      let from = performance.now();
      const step = (name: string) => {
        const now = performance.now();
        tookMs[name] = Math.round(now - from);
        from = now;
      };
      const queue = single ?? newDispatcher();
      await queue.start();
      dispatcher = queue;
      await rpc?.serve(queue);
      step('queue');
      // Rooms of sessions that ended while no one swept are deleted, then swept periodically.
      await sessions.start();
      step('sessions');
      // Crash recovery first (files and rows left behind), then the periodic sweep.
      await photos.start({ alone: cluster === null });
      step('photos');
      // The booth-health sweep and last-beat writes (one node: the state is restored here first).
      await boothHealth.start();
      step('boothHealth');
      // Minimum windows: breach episodes and their alert.
      await staffing.start();
      step('staffing');
      // No-shows released after their window, answered reserved calls marked served.
      reservations.start();
      step('reservations');
      logger.info({ tookMs }, 'leader work started');
    },
    async stop() {
      const queue = dispatcher;
      dispatcher = null;
      await rpc?.unserve();
      queue?.stop();
      sessions.stopSweeps();
      await photos.stopSweeps();
      await boothHealth.stop();
      await staffing.stop();
      reservations.stop();
    },
  };
  let leadership: Leadership | null = null;
  if (cluster) {
    leadership = contendForLeadership(cluster.redis, {
      key: DISPATCHER_LEASE,
      leaseMs: env.LEASE_MS,
      retryMs: 250,
      logger,
      onElected: () => leaderWork.start(),
      onDeposed: () => leaderWork.stop(),
    });
    // Serve once some node runs the dispatcher (this one, or another that holds the lease), or
    // after two leases: commands sent meanwhile would only wait for it.
    const until = Date.now() + 2 * env.LEASE_MS;
    while (Date.now() < until && !leadership.isLeader && !(await leadership.heldAnywhere().catch(() => false))) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } else {
    await leaderWork.start();
  }
  return {
    env,
    logger,
    database,
    healthDatabase,
    livekit: { ...credentials, httpUrl, port, publicUrl: env.LIVEKIT_PUBLIC_URL },
    sessions,
    supervision: createSupervisionService({
      db: database.db,
      livekit: credentials,
      rooms,
      push,
      handOver: (sessionId, operatorId) => queue.handOver(sessionId, operatorId),
      onError: (err, message) => logger.warn({ err }, message),
    }),
    push,
    queue,
    dispatcher: () => dispatcher,
    cluster,
    metrics,
    photos,
    boothHealth,
    reports: createReportsService({
      db: database.db,
      client: database.client,
      uptimeFor: (ids, range) => boothHealth.uptimeFor(ids, range),
    }),
    staffing,
    reservations,
    boothAuth,
    accountAdmin: createAccountAdminService(database.db, (accountId) => queue.refreshOperator(accountId)),
    municipalities: createMunicipalityService(database.db, { httpsOnlyWebhooks: env.PUBLIC_ORIGIN?.startsWith('https:') ?? false }),
    booths: createBoothService(
      database.db,
      () => boothAuth.forget(),
      (boothId) => boothHealth.forget(boothId),
    ),
    sessionHistory: createSessionHistory(database.db),
    records: createRecordsService(database.db),
    ledger: createLedgerService({ db: database.db, onError: (err, message) => logger.warn({ err }, message) }),
    faq: createFaqService(database.db),
    accounts: await createAccountAuth(database.db, sessionSecret, secureCookies, undefined, {
      attemptsPerAddress: env.LOGIN_ATTEMPTS_PER_ADDRESS,
      totpKey: aesKeyFromEnvOrFile(env.TOTP_KEY, dataDir, 'totp-key', 'TOTP_KEY'),
      // Several nodes: one per-prefix attempt budget for all of them (decision 0030).
      shared: cluster ? { redis: cluster.redis } : undefined,
    }),
    livekitUrlFor(requestUrl: string) {
      if (env.LIVEKIT_PUBLIC_URL) return env.LIVEKIT_PUBLIC_URL;
      const url = new URL(requestUrl);
      return `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.hostname}:${port}`;
    },
    async close() {
      if (leadership) await leadership.stop();
      else await leaderWork.stop();
      sessions.stop();
      await photos.stop();
      if (cluster) await (push as ClusterPushChannel).stop();
      await cluster?.close();
      await checkpointer?.stop();
      if (healthDatabase !== database) healthDatabase.close();
      database.close();
      metrics.close();
    },
  };
}
