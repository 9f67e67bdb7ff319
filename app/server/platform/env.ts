import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
/** A whole-number setting: at least `min`, at most `max`, `fallback` when unset. */
const wholeNumber = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(3000),
  /** The origin people use (e.g. https://madoguchi.example.lg.jp); https makes cookies Secure. */
  PUBLIC_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto: readable lines on a terminal, JSON when the output is a file or a pipe. */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
  MADOGUCHI_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|libsql:|https?:|wss?:)/, 'must start with file:, libsql:, http(s): or ws(s):')
    .optional(),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  /** How this server reaches livekit-server (RoomService API). */
  LIVEKIT_URL: z
    .string()
    .regex(/^(wss?|https?):\/\//, 'must be a ws(s):// or http(s):// URL')
    .default('ws://127.0.0.1:7880'),
  /** The URL browsers connect to; by default the request's own host on LiveKit's port. */
  LIVEKIT_PUBLIC_URL: z
    .string()
    .regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')
    .optional(),
  LIVEKIT_API_KEY: z.string().min(1).optional(),
  LIVEKIT_API_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Behind our own reverse proxy: take the client address from X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** How long a booth's credential lookup is trusted: the delay before a revocation bites. */
  BOOTH_AUTH_CACHE_MS: wholeNumber(0, 60_000, 5_000),
  /** How long an offer rings on an operator's console before it passes to the next. */
  OFFER_TIMEOUT_MS: wholeNumber(3_000, 120_000, 20_000),
  /** An interpreter request nobody has accepted after this long: the operator is told, and may keep waiting, give up or use the guidance cards (issue 18). */
  INTERPRETER_WAIT_MS: wholeNumber(1_000, 600_000, 60_000),
  /** After-call work before the operator is offered the next call. */
  WRAP_UP_MS: wholeNumber(0, 600_000, 30_000),
  /** Assumed handling time for the booth's wait estimate. */
  AVERAGE_HANDLING_MS: wholeNumber(10_000, 3_600_000, 8 * 60_000),
  /** An operator whose console (list or call page) stays disconnected this long goes offline; while on a call, once the call has ended. */
  CONSOLE_GRACE_MS: wholeNumber(1_000, 600_000, 60_000),
  /** A booth LiveKit reports gone (a cut of ~20 s is enough) may come back by itself: its session is kept this long — the booth's own limit without media — before it ends (0: at once). */
  BOOTH_REJOIN_GRACE_MS: wholeNumber(0, 600_000, 60_000),
  /** A call room no session knows is left alone this long after LiveKit created it (its session row, maybe on another node, is written just after the room) before the sweep deletes it. */
  UNCLAIMED_ROOM_GRACE_MS: wholeNumber(0, 300_000, 10_000),
  /** How often the app asks LiveKit whether it answers, to sweep (and re-create the rooms a livekit-server restart lost) as soon as it is back; 0: not watched. */
  LIVEKIT_WATCH_MS: wholeNumber(0, 60_000, 2_000),
  /** A waiting booth asks "are you still there?" after this long without a touch (told to it by /v1/booth/me). */
  WAITING_CHECK_AFTER_MS: wholeNumber(5_000, 3_600_000, 3 * 60_000),
  /** …and gives the place up (abandoned) when nobody answers within this long. */
  WAITING_CHECK_ANSWER_MS: wholeNumber(5_000, 600_000, 30_000),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Where sealed face photos live: `file` (the data folder; one node) or `database` (every node reaches them). Default: `file`, or `database` with REDIS_URL. */
  PHOTO_STORE: z.enum(['file', 'database']).optional(),
  /** Set: this process is one node of several sharing Redis and the database (decision 0029). Unset: one process, as ever. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** This node's name in the cluster, unique (default: host name and process id). */
  NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore, at most 64')
    .optional(),
  /** The dispatcher's lease: a dead holder's node is replaced this long after its last renewal. */
  LEASE_MS: wholeNumber(1_000, 60_000, 3_000),
  /** Prometheus scrapes GET /metrics with `Authorization: Bearer <token>`; unset: no /metrics at all. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  /** Login attempts allowed per client address prefix (IPv4 /24, IPv6 /64) in 10 minutes (raise it for a call centre behind one NAT address). */
  LOGIN_ATTEMPTS_PER_ADDRESS: wholeNumber(1, 100_000, 20),
  /** AES-256-GCM key for face photos at rest: 32 bytes, base64. Default: a 0600 key file in the data folder. */
  PHOTO_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** AES-256-GCM key for TOTP secrets at rest: 32 bytes, base64. Default: a 0600 key file `totp-key` in the data folder. Losing it disables every enrolled TOTP. */
  TOTP_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  /** How long after the session ends a face photo is kept (for the operator's upload), then deleted. */
  PHOTO_GRACE_MS: wholeNumber(0, 24 * 3_600_000, 10 * 60_000),
  /** Absolute cap on a face photo's age: deleted by the sweep whatever its session's state. */
  PHOTO_MAX_AGE_MS: wholeNumber(60_000, 7 * 24 * 3_600_000, 4 * 3_600_000),
  /** How often the sweep deletes expired photos (and any left by a crash). */
  PHOTO_SWEEP_MS: wholeNumber(500, 3_600_000, 60_000),
  /** How often the dispatcher's node checks staffing against the minimum windows (breaches, alerts). */
  STAFFING_CHECK_MS: wholeNumber(500, 600_000, 10_000),
  /** Largest upload the booth may send for one still. */
  PHOTO_MAX_BYTES: wholeNumber(100_000, 50_000_000, 15_000_000),
  /** Largest camera still in pixels (width × height), refused from its header before any decoding (decision 0011). */
  PHOTO_MAX_PIXELS: wholeNumber(1_000_000, 50_000_000, 20_000_000),
  /** Longest side of a camera still in pixels, refused from its header before any decoding. */
  PHOTO_MAX_SIDE: wholeNumber(1_000, 16_383, 6_000),
  /** Memory (MiB) the photos being processed may hold together, estimated from each photo's header; others wait. */
  PHOTO_MEMORY_BUDGET_MB: wholeNumber(64, 4_096, 192),
  /** How long a photo may wait for room in that budget before the upload is refused with 503 and Retry-After. */
  PHOTO_QUEUE_WAIT_MS: wholeNumber(0, 60_000, 10_000),
  /** Proof-of-work for public bookings (altcha, decision 0034): the largest number a client may have to try; 0 = none (tests, benchmarks). */
  RESERVATION_POW_MAX_NUMBER: wholeNumber(0, 10_000_000, 100_000),
  /** Public reservation requests per client address prefix (IPv4 /24, IPv6 /64) and minute, reads included. */
  RESERVATION_REQUESTS_PER_ADDRESS: wholeNumber(1, 1_000_000, 120),
  /** Bookings and moves per client address prefix and hour (raise it for a shared NAT, e.g. a care home's Wi-Fi). */
  RESERVATION_BOOKINGS_PER_ADDRESS: wholeNumber(1, 1_000_000, 10),
  /** How often the dispatcher's node marks reservations past their window as no-shows, and checked-in ones answered as served. */
  RESERVATION_SWEEP_MS: wholeNumber(500, 3_600_000, 60_000),
  /** How often booths send a heartbeat (told to them by /v1/booth/me). */
  HEARTBEAT_MS: wholeNumber(1_000, 60_000, 10_000),
  /** Silence after which a booth counts as offline (default: three missed beats). */
  BOOTH_OFFLINE_AFTER_MS: wholeNumber(2_000, 600_000, 30_000),
});

/** With several nodes, what each would otherwise make up for itself must be the same on all (decision 0029). */
const SHARED_IN_CLUSTER = ['SESSION_SECRET', 'PHOTO_KEY', 'TOTP_KEY', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const;

const Settings = EnvSchema.superRefine((env, ctx) => {
  if (!env.REDIS_URL) return;
  for (const name of SHARED_IN_CLUSTER) {
    if (env[name] === undefined)
      ctx.addIssue({ code: 'custom', path: [name], message: 'required with REDIS_URL: every node must be given the same value' });
  }
}).transform((env) => ({ ...env, PHOTO_STORE: env.PHOTO_STORE ?? (env.REDIS_URL ? 'database' : 'file') }));

export type Env = z.infer<typeof Settings>;

/** Parses the environment, or explains every problem at once and exits. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = Settings.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
  console.error(`Madoguchi cannot start: the environment is invalid.\n${lines.join('\n')}\nSee docs/operations.md for every variable.`);
  process.exit(1);
}

/** The http(s) form of a LiveKit URL, for the server SDK. */
export function livekitHttpUrl(url: string): string {
  return url.replace(/^ws/, 'http');
}
