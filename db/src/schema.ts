/**
 * The system of record. No column anywhere holds a resident's name, My Number, address, birth
 * date or PIN: sessions are described only by booth, municipality, operator, procedure and time.
 */
import { relations, sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const municipality = sqliteTable('municipality', {
  id: text('id').primaryKey(),
  /** 全国地方公共団体コード (6 digits, check digit included). */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const boothKinds = ['town_hall', 'mall', 'popup'] as const;
export type BoothKind = (typeof boothKinds)[number];

export const booth = sqliteTable(
  'booth',
  {
    id: text('id').primaryKey(),
    municipalityId: text('municipality_id')
      .notNull()
      .references(() => municipality.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: boothKinds }).notNull(),
    location: text('location').notNull().default(''),
    /** SHA-256 of the device credential; the credential itself is shown once, never stored. */
    credentialHash: text('credential_hash').unique(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('booth_municipality_idx').on(t.municipalityId)],
);

export const roles = ['operator', 'supervisor', 'town_staff', 'admin'] as const;
export type Role = (typeof roles)[number];

export const account = sqliteTable('account', {
  id: text('id').primaryKey(),
  loginId: text('login_id').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  /** Shown to residents during a call (a spec requirement), so it is a work name, not private. */
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  createdAt: createdAt(),
});

/** Municipalities an operator serves, or town staff see. */
export const accountMunicipality = sqliteTable(
  'account_municipality',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => account.id, { onDelete: 'cascade' }),
    municipalityId: text('municipality_id')
      .notNull()
      .references(() => municipality.id),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.municipalityId] })],
);

export const sessionStatuses = ['waiting', 'active', 'ended'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

export const session = sqliteTable(
  'session',
  {
    id: text('id').primaryKey(),
    boothId: text('booth_id')
      .notNull()
      .references(() => booth.id),
    municipalityId: text('municipality_id')
      .notNull()
      .references(() => municipality.id),
    operatorId: text('operator_id').references(() => account.id),
    /** Unguessable LiveKit room name (128 random bits). */
    roomName: text('room_name').notNull().unique(),
    status: text('status', { enum: sessionStatuses }).notNull().default('waiting'),
    requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('session_status_idx').on(t.status, t.requestedAt),
    index('session_booth_idx').on(t.boothId, t.requestedAt),
  ],
);

export const actorKinds = ['booth', 'operator', 'livekit', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

/** Append-only history of a session. `detail` is non-personal JSON (codes, figures). */
export const sessionEvent = sqliteTable(
  'session_event',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => session.id),
    type: text('type').notNull(),
    actorKind: text('actor_kind', { enum: actorKinds }).notNull(),
    actorId: text('actor_id'),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, string | number | boolean>>(),
    /** Id of the external delivery this event came from (LiveKit webhook id): replays are ignored. */
    sourceEventId: text('source_event_id').unique(),
  },
  (t) => [index('session_event_session_idx').on(t.sessionId, t.at)],
);

/**
 * Verified LiveKit webhook deliveries, keyed by LiveKit's event id so that a redelivery is
 * recorded once.
 */
export const livekitEvent = sqliteTable(
  'livekit_event',
  {
    id: text('id').primaryKey(),
    event: text('event').notNull(),
    roomName: text('room_name'),
    participantIdentity: text('participant_identity'),
    trackSource: text('track_source'),
    /** When LiveKit says the event happened (seconds precision on the wire). */
    occurredAt: integer('occurred_at', { mode: 'timestamp_ms' }).notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('livekit_event_room_idx').on(t.roomName, t.occurredAt)],
);

export const accountRelations = relations(account, ({ many }) => ({
  municipalities: many(accountMunicipality),
}));

export const accountMunicipalityRelations = relations(accountMunicipality, ({ one }) => ({
  account: one(account, { fields: [accountMunicipality.accountId], references: [account.id] }),
  municipality: one(municipality, { fields: [accountMunicipality.municipalityId], references: [municipality.id] }),
}));
