/**
 * The system of record. No column anywhere holds a resident's name, My Number, address, birth
 * date or PIN: sessions are described only by booth, municipality, operator, procedure and time.
 */
import { relations, sql } from 'drizzle-orm';
import { type AnySQLiteColumn, blob, check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  boothCommandKinds,
  boothCommandStatuses,
  boothKinds,
  boothStatuses,
  consentKinds,
  incidentKinds,
  incidentSeverities,
  incidentStatuses,
  inquiryCategories,
  inquiryChannels,
  type Language,
  type LocalizedText,
  languages,
  ledgerActions,
  outcomes,
  type Procedure,
  photoStatuses,
  popupSiteKinds,
  popupStates,
  procedures,
  reportPeriods,
  roles,
} from './vocabulary';

/** An instant, stored as epoch milliseconds. */
const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });
/** A link to another table's row (its text id) that every row must have. */
const requiredRef = (name: string, target: () => AnySQLiteColumn) => text(name).notNull().references(target);

const createdAt = () => instant('created_at').notNull().default(sql`(unixepoch('subsec') * 1000)`);

/** A question the booth asks before a procedure; any other answer shows `guidance` and refers. */
export interface EligibilityQuestion {
  id: string;
  text: LocalizedText;
  proceedIf: boolean;
  guidance: LocalizedText;
}

/**
 * Operators who serve several municipalities as one pool: the forecast and the staffing are
 * pooled over the group's municipalities. A municipality in no group is a pool of its own.
 */
export const operatorGroup = sqliteTable('operator_group', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  /** Share of planned time not on calls (breaks, training, absence), 0–90: scheduled = on calls ÷ (1 − shrinkage). */
  shrinkagePercent: integer('shrinkage_percent').notNull().default(30),
  createdAt: createdAt(),
});

export const municipality = sqliteTable('municipality', {
  id: text('id').primaryKey(),
  /** 全国地方公共団体コード (6 digits, check digit included). */
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** Procedures its booths offer. */
  procedures: text('procedures', { mode: 'json' }).$type<Procedure[]>().notNull().default(sql`'[]'`),
  /** Per procedure: the questions asked first, and the guidance when the booth cannot help. */
  eligibility: text('eligibility', { mode: 'json' })
    .$type<Partial<Record<Procedure, EligibilityQuestion[]>>>()
    .notNull()
    .default(sql`'{}'`),
  /**
   * Where residents go when the booth cannot help — the counter, its floor and hours — per language
   * (shown on the booth's "temporarily unavailable" screen); null when the town has not written it.
   */
  counterGuidance: text('counter_guidance', { mode: 'json' }).$type<LocalizedText>(),
  /** Optional: POSTed (JSON, no personal data) when a booth stays offline in opening hours. */
  alertWebhookUrl: text('alert_webhook_url'),
  /** Minutes a booth may be offline during opening hours before the alert. */
  outageAlertMinutes: integer('outage_alert_minutes').notNull().default(5),
  /** Service-level goal (app/domain/staffing/service-level.ts): this share of offered calls… */
  serviceLevelGoalPercent: integer('service_level_goal_percent').notNull().default(80),
  /** …answered within this many seconds. */
  serviceLevelSeconds: integer('service_level_seconds').notNull().default(60),
  /** Calls abandoned within this many seconds of asking are not counted as offered (short abandons). */
  abandonGraceSeconds: integer('abandon_grace_seconds').notNull().default(5),
  /** Supervisors may listen in on, coach in, join and take over its calls (issue 18). Off by default. */
  listenInAllowed: integer('listen_in_allowed', { mode: 'boolean' }).notNull().default(false),
  /** The booth's consent screen says "calls may be listened to for quality" (only while listening in is allowed). */
  listenInNotice: integer('listen_in_notice', { mode: 'boolean' }).notNull().default(false),
  /**
   * Seconds an interpreter request may go unanswered before the operator is told nobody was found
   * (issue 18; 15–600, app/domain/interpreting.ts); null: the server's INTERPRETER_WAIT_MS.
   */
  interpreterWaitSeconds: integer('interpreter_wait_seconds'),
  operatorGroupId: text('operator_group_id').references((): AnySQLiteColumn => operatorGroup.id),
  createdAt: createdAt(),
});

/** Terms of use and privacy policy, versioned; the newest version of each kind is current. */
export const consentDocument = sqliteTable(
  'consent_document',
  {
    id: text('id').primaryKey(),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    kind: text('kind', { enum: consentKinds }).notNull(),
    version: integer('version').notNull(),
    texts: text('texts', { mode: 'json' }).$type<LocalizedText>().notNull(),
    publishedAt: instant('published_at').notNull(),
    publishedBy: text('published_by').references(() => account.id),
  },
  (t) => [uniqueIndex('consent_document_version_idx').on(t.municipalityId, t.kind, t.version)],
);

export const booth = sqliteTable(
  'booth',
  {
    id: text('id').primaryKey(),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: boothKinds }).notNull(),
    location: text('location').notNull().default(''),
    /** SHA-256 of the device credential; the credential itself is shown once, never stored. */
    credentialHash: text('credential_hash').unique(),
    credentialIssuedAt: instant('credential_issued_at'),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
    /** OpeningCalendar (app/domain/calendar.ts), validated there; an empty week means closed. */
    calendar: text('calendar', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    /** Set remotely by staff: the booth shows its maintenance screen and takes no calls. */
    maintenance: integer('maintenance', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('booth_municipality_idx').on(t.municipalityId)],
);

export const account = sqliteTable('account', {
  id: text('id').primaryKey(),
  loginId: text('login_id').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  /** Shown to residents during a call (a spec requirement), so it is a work name, not private. */
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  /** Operators: languages they serve residents in, and procedures they handle. */
  languages: text('languages', { mode: 'json' }).$type<Language[]>().notNull().default(sql`'["ja"]'`),
  procedures: text('procedures', { mode: 'json' }).$type<Procedure[]>().notNull().default(sql`'[]'`),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** The TOTP secret once enrolled (admins and supervisors), AES-256-GCM sealed (`v1:…`, TOTP_KEY). */
  totpSecret: text('totp_secret'),
  /** The last TOTP time-step accepted: that code and every older one are refused (no replay). */
  totpLastStep: integer('totp_last_step'),
  /** An enrolment not yet confirmed by a first code: the new secret, sealed like totpSecret, and when it was made. */
  totpPendingSecret: text('totp_pending_secret'),
  totpPendingAt: instant('totp_pending_at'),
  /** In every login cookie; raised on logout, password or TOTP change, so older cookies stop working. */
  sessionVersion: integer('session_version').notNull().default(1),
  createdAt: createdAt(),
});

/** Municipalities an operator serves, or town staff see. */
export const accountMunicipality = sqliteTable(
  'account_municipality',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => account.id, { onDelete: 'cascade' }),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.municipalityId] })],
);

/**
 * Failed logins per login id as typed and client address prefix (app/domain/login-throttle.ts).
 * Keyed by an HMAC of both, never the typed id itself: it may be a password typed in the wrong
 * field. Rows quiet for a day are deleted.
 */
export const loginThrottle = sqliteTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    /** The account the typed id names, if any: an administrator sees and lifts its locks. */
    accountId: text('account_id').references(() => account.id, { onDelete: 'cascade' }),
    failures: integer('failures').notNull().default(0),
    locks: integer('locks').notNull().default(0),
    lockedUntil: instant('locked_until'),
    lastFailureAt: instant('last_failure_at'),
    /** Raised by every write: parallel failures compare and swap on it. */
    version: integer('version').notNull().default(0),
  },
  (t) => [index('login_throttle_account_idx').on(t.accountId), index('login_throttle_last_failure_idx').on(t.lastFailureAt)],
);

export const sessionStatuses = ['waiting', 'active', 'ended'] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

/** A reservation's life: booked → checked in (at the booth) → served; or no-show, or cancelled. */
export const reservationStates = ['booked', 'checked_in', 'served', 'no_show', 'cancelled'] as const;
export type ReservationState = (typeof reservationStates)[number];
/** Who booked: the resident on the public page, or staff for a resident on the phone. */
/** Who booked: the resident (public page), staff for a resident on the phone, or a walk-in at a booth of a reservation-only town. */
export const reservationBookers = ['resident', 'staff', 'booth'] as const;

export const session = sqliteTable(
  'session',
  {
    id: text('id').primaryKey(),
    boothId: requiredRef('booth_id', () => booth.id),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    operatorId: text('operator_id').references(() => account.id),
    /** Unguessable LiveKit room name (128 random bits). */
    roomName: text('room_name').notNull().unique(),
    status: text('status', { enum: sessionStatuses }).notNull().default('waiting'),
    procedure: text('procedure', { enum: procedures }),
    language: text('language', { enum: languages }),
    /**
     * e.g. "terms:3:vi,privacy:2:ja-x-easy": the versions the resident accepted before the call and
     * the language each was shown in (app/domain/consent.ts); before issue 12, "terms:3,privacy:2".
     */
    consentVersion: text('consent_version'),
    outcome: text('outcome', { enum: outcomes }),
    requestedAt: instant('requested_at').notNull(),
    offeredAt: instant('offered_at'),
    answeredAt: instant('answered_at'),
    endedAt: instant('ended_at'),
    /** The pop-up event the booth was assigned to and open for when the call was asked (null: none). */
    popupEventId: text('popup_event_id').references((): AnySQLiteColumn => popupEvent.id),
    /**
     * The reservation the resident checked in with at the booth (app/domain/reservations): the call
     * is queued ahead of walk-ins (app/domain/routing.ts). Null for a walk-in.
     */
    reservationId: text('reservation_id'),
  },
  (t) => [
    index('session_popup_event_idx').on(t.popupEventId).where(sql`popup_event_id IS NOT NULL`),
    index('session_requested_idx').on(t.requestedAt),
    index('session_status_idx').on(t.status, t.requestedAt),
    index('session_booth_idx').on(t.boothId, t.requestedAt),
    /**
     * A town's sessions by time, covering what the forecast and the reports read of each row
     * (answered_at, ended_at, outcome): those reads never touch the table (issue 16). Replaced
     * session_municipality_idx (municipality_id, requested_at), whose prefix it keeps.
     */
    index('session_municipality_time_idx').on(t.municipalityId, t.requestedAt, t.answeredAt, t.endedAt, t.outcome),
    /** One call per reservation: a second session naming it is refused by the database. */
    uniqueIndex('session_reservation_idx').on(t.reservationId),
  ],
);

/** One day of a pop-up event: the date (Japan) and its opening ranges ('HH:MM', app/domain/calendar.ts TimeRange). */
export interface PopupDay {
  date: string;
  ranges: { start: string; end: string }[];
}

/**
 * A pop-up application site (臨時申請会場): a place and its own days and hours, outside the booth's
 * regular calendar. `siteName` is a place name (e.g. 「イオンモール金沢 1F セントラルコート」), never a
 * person: no personal data. Approval by the town is recorded (agreedBy/At); the booths assigned are
 * in popup_event_booth.
 */
export const popupEvent = sqliteTable(
  'popup_event',
  {
    id: text('id').primaryKey(),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    /** A place name (facility, floor, hall): no personal data. */
    siteName: text('site_name').notNull(),
    siteKind: text('site_kind', { enum: popupSiteKinds }).notNull(),
    /** The event's own calendar: days in date order, each with non-overlapping ranges (app/domain/popups). */
    days: text('days', { mode: 'json' }).$type<PopupDay[]>().notNull(),
    /** The first and last of `days` ('YYYY-MM-DD', Japan), for range queries. */
    firstDate: text('first_date').notNull(),
    lastDate: text('last_date').notNull(),
    procedures: text('procedures', { mode: 'json' }).$type<Procedure[]>().notNull(),
    state: text('state', { enum: popupStates }).notNull().default('planned'),
    agreedBy: text('agreed_by').references(() => account.id),
    agreedAt: instant('agreed_at'),
    heldBy: text('held_by').references(() => account.id),
    heldAt: instant('held_at'),
    reportedBy: text('reported_by').references(() => account.id),
    reportedAt: instant('reported_at'),
    createdBy: requiredRef('created_by', () => account.id),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('popup_event_municipality_idx').on(t.municipalityId, t.firstDate),
    index('popup_event_dates_idx').on(t.lastDate, t.firstDate),
  ],
);

/** The portable booths (booth.kind 'popup') an event uses; a booth is never in two events on one day. */
export const popupEventBooth = sqliteTable(
  'popup_event_booth',
  {
    eventId: text('event_id')
      .notNull()
      .references(() => popupEvent.id, { onDelete: 'cascade' }),
    boothId: requiredRef('booth_id', () => booth.id),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.boothId] }), index('popup_event_booth_booth_idx').on(t.boothId)],
);

/** operator: an account acting on a call; account: any person acting elsewhere (admin, staff…). */
export const actorKinds = ['booth', 'operator', 'account', 'livekit', 'system'] as const;
export type ActorKind = (typeof actorKinds)[number];

/** Append-only history of a session. `detail` is non-personal JSON (codes, figures). */
export const sessionEvent = sqliteTable(
  'session_event',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: requiredRef('session_id', () => session.id),
    type: text('type').notNull(),
    actorKind: text('actor_kind', { enum: actorKinds }).notNull(),
    actorId: text('actor_id'),
    /** When the server recorded it. */
    at: instant('at').notNull(),
    /**
     * When it happened, on the server's clock: the history is ordered by it. Equal to `at` for
     * what the server sees itself; a booth's event carries its own time, corrected by the booth's
     * clock skew and bounded (decision 0009).
     */
    occurredAt: instant('occurred_at').notNull(),
    detail: text('detail', { mode: 'json' }).$type<Record<string, string | number | boolean>>(),
    /** Id of the external delivery this event came from (LiveKit webhook id): replays are ignored. */
    sourceEventId: text('source_event_id').unique(),
    /** The booth's id for its event (a UUID): a resent event is recorded once per session. */
    clientId: text('client_id'),
    /** Booth events: the booth's clock minus the server's when it sent the event (ms, latency included). */
    clockSkewMs: integer('clock_skew_ms'),
  },
  (t) => [
    index('session_event_session_idx').on(t.sessionId, t.occurredAt),
    uniqueIndex('session_event_client_idx').on(t.sessionId, t.clientId),
  ],
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
    occurredAt: instant('occurred_at').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [index('livekit_event_room_idx').on(t.roomName, t.occurredAt)],
);

export const operatorStatuses = ['available', 'offered', 'on_call', 'wrap_up', 'break', 'away', 'offline'] as const;
export type OperatorStatus = (typeof operatorStatuses)[number];

/** Each operator's current status, kept so an app restart knows who was available. */
export const operatorPresence = sqliteTable('operator_presence', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => account.id),
  status: text('status', { enum: operatorStatuses }).notNull(),
  since: instant('since').notNull(),
});

/**
 * Each operator's status as intervals (a row per change, `endedAt` null for the current one):
 * the actual side of adherence and occupancy (app/domain/staffing). Written with operator_presence.
 */
export const operatorStatusInterval = sqliteTable(
  'operator_status_interval',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: requiredRef('account_id', () => account.id),
    status: text('status', { enum: operatorStatuses }).notNull(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at'),
  },
  (t) => [
    index('operator_status_account_idx').on(t.accountId, t.startedAt),
    index('operator_status_started_idx').on(t.startedAt),
    index('operator_status_open_idx').on(t.accountId).where(sql`ended_at IS NULL`),
  ],
);

/**
 * A planned shift (シフト表): one per operator and day, Japan time, in minutes from midnight; the
 * municipalities, languages and procedures the operator covers that day (the account's skills by
 * default). No free text.
 */
export const shift = sqliteTable(
  'shift',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => account.id, { onDelete: 'cascade' }),
    /** YYYY-MM-DD, Japan. */
    date: text('date').notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    breakStartMinute: integer('break_start_minute'),
    breakEndMinute: integer('break_end_minute'),
    municipalityIds: text('municipality_ids', { mode: 'json' }).$type<string[]>().notNull(),
    languages: text('languages', { mode: 'json' }).$type<Language[]>().notNull(),
    procedures: text('procedures', { mode: 'json' }).$type<Procedure[]>().notNull(),
    updatedBy: requiredRef('updated_by', () => account.id),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('shift_account_date_idx').on(t.accountId, t.date),
    index('shift_date_idx').on(t.date),
    check('shift_times', sql`start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute`),
  ],
);

/**
 * 最低窓口数: at least `operators` available or on a call for a municipality (or every municipality
 * of an operator group) on these weekdays between these minutes, Japan time, while it is open.
 */
export const minimumWindow = sqliteTable(
  'minimum_window',
  {
    id: text('id').primaryKey(),
    municipalityId: text('municipality_id').references(() => municipality.id, { onDelete: 'cascade' }),
    operatorGroupId: text('operator_group_id').references(() => operatorGroup.id, { onDelete: 'cascade' }),
    /** 0 = Sunday … 6 = Saturday; 7 = national holidays. */
    weekdays: text('weekdays', { mode: 'json' }).$type<number[]>().notNull(),
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
    operators: integer('operators').notNull(),
    updatedBy: requiredRef('updated_by', () => account.id),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('minimum_window_municipality_idx').on(t.municipalityId),
    index('minimum_window_group_idx').on(t.operatorGroupId),
    check('minimum_window_owner', sql`(municipality_id IS NULL) <> (operator_group_id IS NULL)`),
    check('minimum_window_times', sql`start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute AND operators >= 0`),
  ],
);

/**
 * A staffing breach episode: fewer operators available or on a call for a municipality than its
 * minimum window (or the forecast) asks, while it is open. One row per episode; the alert goes
 * out once (alertedAt).
 */
export const staffingBreach = sqliteTable(
  'staffing_breach',
  {
    id: text('id').primaryKey(),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    /** 'minimum' (a minimum window) or 'forecast' (the forecast's need). */
    basis: text('basis', { enum: ['minimum', 'forecast'] }).notNull(),
    required: integer('required').notNull(),
    /** The lowest count seen during the episode. */
    lowest: integer('lowest').notNull(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at'),
    alertedAt: instant('alerted_at'),
  },
  (t) => [
    index('staffing_breach_municipality_idx').on(t.municipalityId, t.startedAt),
    index('staffing_breach_open_idx').on(t.municipalityId).where(sql`ended_at IS NULL`),
  ],
);

/** Booth status as intervals: a row per change, `endedAt` null for the current one. */
export const boothStatusInterval = sqliteTable(
  'booth_status_interval',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    boothId: requiredRef('booth_id', () => booth.id),
    status: text('status', { enum: boothStatuses }).notNull(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at'),
    /** When the outage alert for this (offline) interval went out, so it goes out once. */
    alertedAt: instant('alerted_at'),
  },
  (t) => [index('booth_status_booth_idx').on(t.boothId, t.startedAt), index('booth_status_started_idx').on(t.startedAt)],
);

/** The newest heartbeat of each booth: device and network figures, overwritten, never a row per beat. */
export const boothHealth = sqliteTable('booth_health', {
  boothId: text('booth_id')
    .primaryKey()
    .references(() => booth.id),
  status: text('status', { enum: boothStatuses }).notNull(),
  lastBeatAt: instant('last_beat_at').notNull(),
  appVersion: text('app_version'),
  /** Non-personal figures: device states, RTT, loss, bitrate. */
  detail: text('detail', { mode: 'json' }).$type<Record<string, string | number | boolean | null>>(),
});

/**
 * The app's own heartbeat, one row per node, written about every second: after a restart it says
 * when the app was last alive, so its outage is not booked as the booths' (decision 0014).
 */
export const appHeartbeat = sqliteTable('app_heartbeat', {
  node: text('node').primaryKey(),
  aliveAt: instant('alive_at').notNull(),
});

/**
 * Face photos sealed with AES-256-GCM (app/server/photos/store.server.ts), when the app nodes share
 * no disk (PHOTO_STORE=database, decision 0029): the same bytes the file store writes, removed by
 * the same deletion. Never a plain photo.
 */
export const photoSealed = sqliteTable('photo_sealed', {
  photoId: text('photo_id').primaryKey(),
  sealed: blob('sealed', { mode: 'buffer' }).notNull(),
  storedAt: instant('stored_at').notNull(),
});

/** Remote operations on a booth, delivered with its next heartbeat; the result is non-personal. */
export const boothCommand = sqliteTable(
  'booth_command',
  {
    id: text('id').primaryKey(),
    boothId: requiredRef('booth_id', () => booth.id),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    kind: text('kind', { enum: boothCommandKinds }).notNull(),
    status: text('status', { enum: boothCommandStatuses }).notNull().default('pending'),
    requestedBy: requiredRef('requested_by', () => account.id),
    requestedAt: instant('requested_at').notNull(),
    deliveredAt: instant('delivered_at'),
    completedAt: instant('completed_at'),
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('booth_command_booth_idx').on(t.boothId, t.requestedAt)],
);

/** Incidents and complaints, with escalation to town staff. `summary` is non-personal. */
export const incident = sqliteTable(
  'incident',
  {
    id: text('id').primaryKey(),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    boothId: text('booth_id').references(() => booth.id),
    sessionId: text('session_id').references(() => session.id),
    kind: text('kind', { enum: incidentKinds }).notNull(),
    severity: text('severity', { enum: incidentSeverities }).notNull(),
    summary: text('summary').notNull(),
    status: text('status', { enum: incidentStatuses }).notNull().default('open'),
    reportedBy: requiredRef('reported_by', () => account.id),
    reportedAt: instant('reported_at').notNull(),
    escalatedAt: instant('escalated_at'),
    acknowledgedBy: text('acknowledged_by').references(() => account.id),
    acknowledgedAt: instant('acknowledged_at'),
    escalatedBy: text('escalated_by').references(() => account.id),
    /** Who at the town was told (a section or role, e.g. 「市民課 担当係長」), never a resident. */
    notified: text('notified'),
    resolvedAt: instant('resolved_at'),
    resolution: text('resolution'),
  },
  (t) => [index('incident_municipality_idx').on(t.municipalityId, t.reportedAt)],
);

/** Phone and other inquiries by category (ア–ケ); who asked is never recorded. */
export const inquiry = sqliteTable(
  'inquiry',
  {
    id: text('id').primaryKey(),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    channel: text('channel', { enum: inquiryChannels }).notNull(),
    category: text('category', { enum: inquiryCategories }).notNull(),
    receivedAt: instant('received_at').notNull(),
    handledBy: requiredRef('handled_by', () => account.id),
    durationSeconds: integer('duration_seconds'),
    /** Passed on to the municipality or another office (転送). */
    transferred: integer('transferred', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('inquiry_municipality_idx').on(t.municipalityId, t.receivedAt)],
);

/** Who did what to which record, every read of personal data included. Append-only. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: instant('at').notNull(),
    actorKind: text('actor_kind', { enum: actorKinds }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    /** For scoping: town staff see their municipality's entries. */
    municipalityId: text('municipality_id'),
    requestId: text('request_id'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, string | number | boolean | null>>(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_municipality_idx').on(t.municipalityId, t.at)],
);

/** 個人情報取扱台帳: every creation, view, download and deletion of personal data (the face photo). */
export const personalDataLedger = sqliteTable(
  'personal_data_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: instant('at').notNull(),
    actorKind: text('actor_kind', { enum: actorKinds }).notNull(),
    actorId: text('actor_id'),
    action: text('action', { enum: ledgerActions }).notNull(),
    dataKind: text('data_kind').notNull(),
    /** Id of the item (e.g. the photo), never its content. */
    itemId: text('item_id').notNull(),
    sessionId: text('session_id').references(() => session.id),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
  },
  (t) => [index('ledger_municipality_idx').on(t.municipalityId, t.at)],
);

/**
 * The face photo of a My Number Card application: the one personal item we hold. The image is an
 * AES-256-GCM file under the data folder (never in the database); this row carries only
 * non-personal facts (checks, sizes, times) and when the file must be gone.
 */
export const photo = sqliteTable(
  'photo',
  {
    id: text('id').primaryKey(),
    sessionId: requiredRef('session_id', () => session.id),
    boothId: requiredRef('booth_id', () => booth.id),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    /** 1 for the first capture of the session, 2 after one retake, … */
    attempt: integer('attempt').notNull(),
    status: text('status', { enum: photoStatuses }).notNull().default('processing'),
    /** Check results (codes, levels, figures) — see app/domain/photo. */
    checks: text('checks', { mode: 'json' }).$type<unknown[]>(),
    width: integer('width'),
    height: integer('height'),
    bytes: integer('bytes'),
    createdAt: instant('created_at').notNull(),
    approvedBy: text('approved_by').references(() => account.id),
    approvedAt: instant('approved_at'),
    downloadedBy: text('downloaded_by').references(() => account.id),
    downloadedAt: instant('downloaded_at'),
    /** Set when the session ends (end + grace); the sweep deletes the file after it. */
    deleteAfter: instant('delete_after'),
    deletedAt: instant('deleted_at'),
  },
  (t) => [index('photo_session_idx').on(t.sessionId, t.attempt), index('photo_delete_idx').on(t.deletedAt, t.deleteAfter)],
);

/**
 * FAQ / manual entries, versioned: version 1 is 初版, later ones 改訂版; each revision is a new
 * row with its approver, and the newest approved one is shown. Null municipality: all towns.
 */
export const faqRevision = sqliteTable(
  'faq_revision',
  {
    id: text('id').primaryKey(),
    entryId: text('entry_id').notNull(),
    version: integer('version').notNull(),
    municipalityId: text('municipality_id').references(() => municipality.id),
    procedure: text('procedure', { enum: procedures }),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    /** The date the revision takes effect (YYYY-MM-DD, Japan). */
    effectiveOn: text('effective_on').notNull(),
    createdBy: requiredRef('created_by', () => account.id),
    createdAt: instant('created_at').notNull(),
    approvedBy: text('approved_by').references(() => account.id),
    approvedAt: instant('approved_at'),
    retired: integer('retired', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('faq_revision_version_idx').on(t.entryId, t.version)],
);

/** The supervisor's free-text analysis and improvements for one report (分析・改善). */
export const reportAnalysis = sqliteTable(
  'report_analysis',
  {
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    period: text('period', { enum: reportPeriods }).notNull(),
    /** YYYY-MM-DD (daily) or YYYY-MM (monthly), Japan time. */
    periodKey: text('period_key').notNull(),
    text: text('text').notNull(),
    updatedBy: requiredRef('updated_by', () => account.id),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.municipalityId, t.period, t.periodKey] })],
);

/**
 * Per municipality: how residents book (app/domain/reservations). No row: the defaults below.
 * Capacity per slot = operators planned for it in the shift table × (100 − walkInSharePercent)%,
 * or `fixedCapacity` where no shift is planned.
 */
export const reservationPolicy = sqliteTable(
  'reservation_policy',
  {
    municipalityId: text('municipality_id')
      .primaryKey()
      .references(() => municipality.id),
    /** Length of a slot, minutes: one of RESERVATION_SLOT_LENGTHS (reservation-contract.ts; each divides a day). */
    slotMinutes: integer('slot_minutes').notNull().default(30),
    /** Share of the planned operators kept for walk-ins, 0–100. */
    walkInSharePercent: integer('walk_in_share_percent').notNull().default(20),
    /** Reservations per slot where no shift is planned for the town (0: none). */
    fixedCapacity: integer('fixed_capacity').notNull().default(1),
    /** Check-in from this many minutes before the slot… */
    checkInEarlyMinutes: integer('check_in_early_minutes').notNull().default(10),
    /** …until this many minutes after its start. */
    checkInLateMinutes: integer('check_in_late_minutes').notNull().default(15),
    /** 原則予約制: walk-ins are told it is by reservation (the booth offers the next free slots). */
    reservationOnly: integer('reservation_only', { mode: 'boolean' }).notNull().default(false),
    updatedAt: instant('updated_at').notNull().default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [
    check('reservation_policy_slot', sql`${t.slotMinutes} BETWEEN 5 AND 240`),
    check('reservation_policy_share', sql`${t.walkInSharePercent} BETWEEN 0 AND 100`),
    check('reservation_policy_fixed', sql`${t.fixedCapacity} BETWEEN 0 AND 100`),
    check('reservation_policy_window', sql`${t.checkInEarlyMinutes} BETWEEN 0 AND 240 AND ${t.checkInLateMinutes} BETWEEN 0 AND 240`),
  ],
);

/**
 * A booked time at a site (the enabled booths of a municipality sharing a `location`; the site
 * key is derived from it, app/domain/reservations/sites.ts). Holds no name, phone, e-mail or
 * free text: only what the booth needs (procedure, language) and the code the resident shows.
 * Capacity is enforced by the booking statement itself (server/reservations, decision 0034).
 */
export const reservation = sqliteTable(
  'reservation',
  {
    id: text('id').primaryKey(),
    municipalityId: requiredRef('municipality_id', () => municipality.id),
    siteKey: text('site_key').notNull(),
    procedure: text('procedure', { enum: procedures }).notNull(),
    language: text('language', { enum: languages }).notNull(),
    slotStart: instant('slot_start').notNull(),
    slotEnd: instant('slot_end').notNull(),
    /** The short code with its check character (app/domain/reservations/code.ts), without the hyphen. */
    code: text('code').notNull().unique(),
    state: text('state', { enum: reservationStates }).notNull().default('booked'),
    bookedBy: text('booked_by', { enum: reservationBookers }).notNull(),
    /** The staff account that booked for a resident on the phone; null when the resident booked (on the page or at a booth). */
    bookedByAccountId: text('booked_by_account_id').references(() => account.id),
    bookedAt: instant('booked_at').notNull(),
    checkedInAt: instant('checked_in_at'),
    servedAt: instant('served_at'),
    noShowAt: instant('no_show_at'),
    cancelledAt: instant('cancelled_at'),
    /** The booth session the resident checked in with. */
    sessionId: text('session_id')
      .unique()
      .references((): AnySQLiteColumn => session.id),
  },
  (t) => [
    index('reservation_slot_idx').on(t.municipalityId, t.slotStart, t.state),
    index('reservation_site_slot_idx').on(t.municipalityId, t.siteKey, t.slotStart),
    index('reservation_open_idx').on(t.slotStart).where(sql`state = 'booked'`),
  ],
);

export const accountRelations = relations(account, ({ many }) => ({
  municipalities: many(accountMunicipality),
}));

export const accountMunicipalityRelations = relations(accountMunicipality, ({ one }) => ({
  account: one(account, { fields: [accountMunicipality.accountId], references: [account.id] }),
  municipality: one(municipality, { fields: [accountMunicipality.municipalityId], references: [municipality.id] }),
}));
