import type { Role } from '@madoguchi/db';

/**
 * Permissions are data: each role holds strings `action:entity:scope`. `own` means the
 * municipalities linked to the account (served by an operator, seen by town staff); `any` means
 * all of them; `self` means only records about the account itself (an operator's own shifts).
 * One function answers every check, so no route has an `if (role === …)` of its own.
 */
export const entities = [
  'municipality',
  'consent',
  'booth',
  'calendar',
  'account',
  'session',
  'incident',
  'inquiry',
  'audit',
  'ledger',
  /** Live queues, operators' statuses and active calls (the supervisor view). */
  'queue',
  /** Counts, dashboards, daily and monthly reports; write = the analysis section. */
  'report',
  /** Booth health (heartbeats, uptime); write = remote self-test, reload, maintenance screen. */
  'diagnostics',
  /** FAQ / manual entries shown to operators; write = new revisions and approval. */
  'faq',
  /** Service level, forecast and required staff, minimum windows and their breaches; write = goals, windows, groups. */
  'staffing',
  /** Operators' planned shifts (シフト表); write = plan them. */
  'shift',
  /** Pop-up application sites (臨時申請会場): plan, assign booths, mark held/reported; approve = the town agrees. */
  'popup',
  /** Someone else's call in progress (issue 18); write = listen in, coach, join, take over. */
  'supervision',
  /** Residents' reservations (decision 0034); write = book for a resident on the phone, cancel, and the town's reservation policy. */
  'reservation',
] as const;
export type Entity = (typeof entities)[number];

/**
 * read / write, plus narrower ones: issuing booth credentials, acknowledging escalations, approving
 * (a town agreeing to a pop-up event the operating company planned), and interpreting in a call
 * (`interpret:session:self`: only the calls they were routed to; decision 0036).
 * No role holds both `write:session` (operators' queue) and `interpret:session` (interpreters'),
 * so an account is routed by one of the two only.
 */
export const actions = ['read', 'write', 'provision', 'acknowledge', 'approve', 'interpret'] as const;
export type Action = (typeof actions)[number];

export type Scope = 'self' | 'own' | 'any';
export type Permission = `${Action}:${Entity}:${Scope}`;
export type Need = `${Action}:${Entity}`;

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: [...entities.flatMap((e) => [`read:${e}:any`, `write:${e}:any`] as const), 'provision:booth:any', 'acknowledge:incident:any'],
  // The operating company's supervisors: booths, calendars, terms, FAQ, incidents; not accounts,
  // municipalities or booth credentials.
  supervisor: [
    'read:municipality:any',
    'read:consent:any',
    'write:consent:any',
    'read:booth:any',
    'write:booth:any',
    'read:calendar:any',
    'write:calendar:any',
    'read:account:any',
    'read:session:any',
    'write:session:any',
    'read:incident:any',
    'write:incident:any',
    'read:inquiry:any',
    'write:inquiry:any',
    'read:audit:any',
    'read:ledger:any',
    'read:queue:any',
    'read:report:any',
    'write:report:any',
    'read:diagnostics:any',
    'write:diagnostics:any',
    'read:faq:any',
    'write:faq:any',
    'read:staffing:any',
    'write:staffing:any',
    'read:shift:any',
    'write:shift:any',
    'read:popup:any',
    'write:popup:any',
    // Only the calls of the municipalities they supervise (linked to their account), and only
    // where the municipality allows listening in (its setting).
    'write:supervision:own',
    'read:reservation:any',
    'write:reservation:any',
  ],
  operator: [
    'read:municipality:own',
    'read:consent:own',
    'read:booth:own',
    'read:calendar:own',
    'read:session:own',
    'write:session:own',
    'write:incident:own',
    'read:incident:own',
    'write:inquiry:own',
    'read:inquiry:own',
    // Every published FAQ entry (the shared ones and those of any town they serve).
    'read:faq:any',
    // Their own shifts, not their colleagues'.
    'read:shift:self',
    // A resident on the phone: book, look up and cancel in the towns they serve.
    'read:reservation:own',
    'write:reservation:own',
  ],
  // A remote interpreter: their own status and the calls they are routed to; nothing else (no
  // session records, no photos, no FAQ, no reports).
  interpreter: ['interpret:session:self'],
  town_staff: [
    'read:municipality:own',
    'read:consent:own',
    'read:booth:own',
    'read:calendar:own',
    'read:session:own',
    'read:incident:own',
    'acknowledge:incident:own',
    'read:inquiry:own',
    'read:audit:own',
    'read:ledger:own',
    'read:report:own',
    'read:diagnostics:own',
    'write:diagnostics:own',
    // Their municipality's service level, the reports' staffing section and minimum-window breaches.
    'read:staffing:own',
    // Their town's pop-up events, and agreeing to them (the town's approval is recorded).
    'read:popup:own',
    'approve:popup:own',
    // Their town's reservations: the call centre books for residents on the phone (Zama, seed 004).
    'read:reservation:own',
    'write:reservation:own',
  ],
};

/**
 * Where an allowed action applies: everywhere, only in these municipalities, or only to records
 * about the actor (which reach no municipality as a whole).
 */
export type Reach = { kind: 'any' } | { kind: 'municipalities'; ids: readonly string[] } | { kind: 'self' };

export interface Actor {
  role: Role;
  municipalityIds: readonly string[];
}

/** The reach of `need` for this actor, or null when the role does not have it at all. */
export function reachOf(actor: Actor, need: Need): Reach | null {
  const held = rolePermissions[actor.role];
  if (held.includes(`${need}:any`)) return { kind: 'any' };
  if (held.includes(`${need}:own`)) return { kind: 'municipalities', ids: actor.municipalityIds };
  if (held.includes(`${need}:self`)) return { kind: 'self' };
  return null;
}

export function reaches(reach: Reach, municipalityId: string): boolean {
  return reach.kind === 'any' || (reach.kind === 'municipalities' && reach.ids.includes(municipalityId));
}
