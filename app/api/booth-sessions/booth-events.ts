/**
 * The contract of a booth's event (POST /v1/booth/sessions/{id}/events, decision 0009): the API
 * validates with it and the kiosk types its requests from it (a type-only import), so the shape
 * is written once.
 */
import { z } from '@hono/zod-openapi';
import { DisconnectReason } from '@madoguchi/media-server';
import { guidanceCards } from '../../domain/procedure-guides';
import { type BoothEventType, boothEventTypes } from '../../domain/session-lifecycle';

/**
 * Each event type carries only its own enumerated fields (or none): no free text and no free
 * digits, so nothing about a resident (a PIN, a My Number, a name) can ride along with an event.
 */
const quality = z.enum(['excellent', 'good', 'poor', 'lost', 'unknown']);

/**
 * LiveKit's own names for why a room connection ended (the DisconnectReason enum the booth's
 * livekit-client reports, same @livekit/protocol), plus 'unknown' when it gave none: a closed set.
 */
const disconnectReasons: [string, ...string[]] = ['unknown', ...Object.keys(DisconnectReason).filter((key) => Number.isNaN(Number(key)))];

/** Per event type (the domain's list; the Record makes the compiler demand every one): its fields, or none. */
const detailFields: Record<BoothEventType, Record<string, z.ZodType<string>> | null> = {
  connected: null,
  reconnecting: null,
  reconnected: null,
  disconnected: { reason: z.enum(disconnectReasons) },
  'quality-changed': { quality },
  'media-published': null,
  degraded: { quality },
  recovered: null,
  'pin-privacy-on': null,
  'pin-privacy-off': { by: z.enum(['resident', 'operator']) },
  'idle-timeout': null,
  'guidance-shown': { card: z.enum(guidanceCards) },
};

/**
 * What every event carries besides its type: the booth's id for it (a resend is recorded once),
 * when it happened and when it was sent, both on the booth's clock (the server measures the
 * booth's skew from the second and corrects the first), and how many events the booth's outbox
 * had to drop since its last acknowledged one.
 */
const envelope = {
  clientId: z.uuid(),
  occurredAt: z.iso.datetime(),
  sentAt: z.iso.datetime(),
  dropped: z.number().int().min(0).max(1_000_000).optional(),
};

const eventSchema = (type: BoothEventType) => {
  const fields = detailFields[type];
  return fields
    ? z.object({ type: z.literal(type), detail: z.object(fields).strict(), ...envelope }).strict()
    : z.object({ type: z.literal(type), detail: z.object({}).strict().optional(), ...envelope }).strict();
};

export const NewBoothEvent = z
  .discriminatedUnion(
    'type',
    boothEventTypes.map(eventSchema) as unknown as [ReturnType<typeof eventSchema>, ...ReturnType<typeof eventSchema>[]],
  )
  .openapi('NewBoothEvent');

/** What the kiosk sends (the type the compiler holds it to). */
export type BoothEventRequest = z.input<typeof NewBoothEvent>;

/**
 * The acknowledgement: the same for a resend of the same `clientId` on the same session.
 * `at`: when the server recorded it; `occurredAt`: when it happened, on the server's clock.
 */
export const RecordedEvent = z
  .object({ id: z.number().int(), at: z.iso.datetime(), occurredAt: z.iso.datetime() })
  .openapi('RecordedEvent');
export type RecordedEvent = z.infer<typeof RecordedEvent>;
