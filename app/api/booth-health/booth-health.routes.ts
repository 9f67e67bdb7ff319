import { createRoute, z } from '@hono/zod-openapi';
import { boothCommandKinds, boothCommandStatuses, boothKinds, boothStatuses } from '@madoguchi/db';
import { deviceStates, livekitStates } from '../../domain/booth-health';
import { accountErrors, accountSecurity, boothErrors, boothSecurity, jsonContent, problem } from '../router';
import { IdParams, Timestamp } from '../schemas';

// ---------------------------------------------------------------------------------------------
// What the booth sends: enumerated states and bounded figures only, never free text.

const device = z.enum(deviceStates);

export const HeartbeatBody = z
  .object({
    // A closed field (decision 0017): major.minor.patch of up to 3 digits each, and an optional pre-release tag.
    appVersion: z
      .string()
      .regex(
        /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})(-(alpha|beta|rc)(\.[1-9]\d?)?)?$/,
        'a version such as 1.2.3 or 1.2.3-rc.1',
      ),
    camera: device,
    microphone: device,
    speaker: device,
    livekit: z.enum(livekitStates),
    network: z
      .object({
        rttMs: z.number().min(0).max(60_000).optional(),
        /** Fraction 0..1 of packets lost. */
        packetLoss: z.number().min(0).max(1).optional(),
        bitrateKbps: z.number().min(0).max(1_000_000).optional(),
      })
      .strict(),
  })
  .strict()
  .openapi('Heartbeat');

export const HeartbeatReply = z
  .object({
    status: z.enum(['online', 'degraded']),
    maintenance: z.boolean(),
    heartbeatMs: z.number().int(),
    commands: z.array(z.object({ id: z.uuid(), kind: z.enum(boothCommandKinds) })),
  })
  .openapi('HeartbeatReply');

const check = z.enum(['pass', 'fail', 'skipped']);
/** Why a check failed, as a code (DOMException names and our own). */
const errorCode = z.enum(['not_allowed', 'not_found', 'not_readable', 'timeout', 'unsupported', 'unreachable', 'blank', 'silent', 'other']);
const figure = (max: number) => z.number().min(0).max(max);

export const SelfTestResult = z
  .object({
    camera: z
      .object({
        result: check,
        variance: figure(1e6).optional(),
        width: z.number().int().min(0).max(10_000).optional(),
        height: z.number().int().min(0).max(10_000).optional(),
        error: errorCode.optional(),
      })
      .strict(),
    microphone: z.object({ result: check, rms: figure(1).optional(), error: errorCode.optional() }).strict(),
    speaker: z.object({ result: check, played: z.boolean(), error: errorCode.optional() }).strict(),
    livekit: z
      .object({
        result: check,
        httpStatus: z.number().int().min(0).max(999).optional(),
        ms: figure(60_000).optional(),
        error: errorCode.optional(),
      })
      .strict(),
    network: z
      .object({ result: check, rttMs: figure(60_000).optional(), samples: z.number().int().min(0).max(100), error: errorCode.optional() })
      .strict(),
  })
  .strict()
  .openapi('SelfTestResult');

export const CommandResultBody = z
  .object({ status: z.enum(['completed', 'failed']), error: errorCode.optional(), selfTest: SelfTestResult.optional() })
  .strict()
  .openapi('CommandResult');

export const CommandIdParams = z.object({ commandId: z.uuid().openapi({ param: { name: 'commandId', in: 'path' } }) });

export const heartbeat = createRoute({
  method: 'post',
  path: '/v1/booth/heartbeat',
  tags: ['booth'],
  summary: 'The booth reports its devices, LiveKit state and network figures; the reply carries pending commands and the maintenance flag',
  security: boothSecurity,
  request: { body: { required: true, content: { 'application/json': { schema: HeartbeatBody } } } },
  responses: { 200: jsonContent(HeartbeatReply, 'Recorded'), ...boothErrors },
});

export const commandResult = createRoute({
  method: 'post',
  path: '/v1/booth/commands/{commandId}/result',
  tags: ['booth'],
  summary: 'The booth reports what a command did (self-test figures, or done/failed)',
  security: boothSecurity,
  request: { params: CommandIdParams, body: { required: true, content: { 'application/json': { schema: CommandResultBody } } } },
  responses: {
    200: jsonContent(z.object({ id: z.uuid(), status: z.enum(['completed', 'failed']) }), 'Stored'),
    ...boothErrors,
    404: problem('No such command for this booth'),
    409: problem('The command already finished or expired'),
  },
});

// ---------------------------------------------------------------------------------------------
// What people see and do.

const status = z.enum(boothStatuses);

export const UptimeSchema = z
  .object({
    openMs: z.number(),
    onlineMs: z.number(),
    degradedMs: z.number(),
    offlineMs: z.number(),
    unknownMs: z.number().openapi({ description: 'Open time with no status (before the first heartbeat); counts as down.' }),
    ratio: z.number().nullable().openapi({ description: '(online + degraded) / open time; null when the booth had no opening.' }),
    outages: z.array(z.object({ start: Timestamp, end: Timestamp.nullable(), openMs: z.number() })),
  })
  .openapi('Uptime');

export const BoothHealth = z
  .object({
    booth: z.object({
      id: z.uuid(),
      name: z.string(),
      kind: z.enum(boothKinds),
      location: z.string(),
      municipalityId: z.uuid(),
      maintenance: z.boolean(),
    }),
    open: z.boolean(),
    status: status.nullable().openapi({ description: 'null: no heartbeat seen yet' }),
    since: Timestamp.nullable(),
    lastBeatAt: Timestamp.nullable(),
    appVersion: z.string().nullable(),
    snapshot: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable(),
    today: UptimeSchema,
    month: UptimeSchema,
  })
  .openapi('BoothHealth');

export const BoothCommand = z
  .object({
    id: z.uuid(),
    kind: z.enum(boothCommandKinds),
    status: z.enum(boothCommandStatuses),
    requestedAt: Timestamp,
    deliveredAt: Timestamp.nullable(),
    completedAt: Timestamp.nullable(),
    requestedBy: z.string(),
    result: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('BoothCommand');

export const NewBoothCommand = z
  .object({ kind: z.enum(boothCommandKinds) })
  .strict()
  .openapi('NewBoothCommand');

const tags = ['booth health'];
const readErrors = { 400: accountErrors[400], 401: accountErrors[401], 403: accountErrors[403], 404: accountErrors[404] };

export const health = createRoute({
  method: 'get',
  path: '/v1/booths/{id}/health',
  tags,
  summary: "A booth's status, last heartbeat, uptime today and this month (within opening hours), and outages",
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(BoothHealth, 'Health'), ...readErrors },
});

export const listCommands = createRoute({
  method: 'get',
  path: '/v1/booths/{id}/commands',
  tags,
  summary: 'Recent remote commands on a booth, with their results',
  security: accountSecurity,
  request: { params: IdParams },
  responses: { 200: jsonContent(z.object({ items: z.array(BoothCommand) }), 'Newest first'), ...readErrors },
});

export const requestCommand = createRoute({
  method: 'post',
  path: '/v1/booths/{id}/commands',
  tags,
  summary: 'Ask a booth for a self-test, an app reload, or the maintenance screen on/off (audited)',
  security: accountSecurity,
  request: { params: IdParams, body: { required: true, content: { 'application/json': { schema: NewBoothCommand } } } },
  responses: {
    201: jsonContent(BoothCommand, 'Queued for the next heartbeat'),
    ...readErrors,
    409: problem(
      'booth_in_call: the booth has a waiting or active session; reload, maintenance_on and self_test are refused until it has ended (the booth also holds any that reach it during a call)',
    ),
  },
});
