/**
 * "People in this call" (issue 18): besides the operator, whom the call header already names,
 * every remote participant whose token says `role` interpreter or supervisor, with their work
 * name. Hidden participants (a supervisor listening in) are never listed: LiveKit does not tell
 * the booth about them, and one marked hidden anyway is left out here too.
 */
import { isParticipantRole, type ParticipantRole } from '@madoguchi/db/call-contract';

export interface PersonInCall {
  identity: string;
  role: Exclude<ParticipantRole, 'operator'>;
  workName: string;
}

export interface ParticipantLike {
  identity: string;
  name?: string | undefined;
  attributes: Readonly<Record<string, string>>;
  permissions?: { hidden?: boolean } | undefined;
}

export function peopleInCall(participants: Iterable<ParticipantLike>): PersonInCall[] {
  const people: PersonInCall[] = [];
  for (const p of participants) {
    const role = p.attributes.role;
    if (!isParticipantRole(role) || role === 'operator' || p.permissions?.hidden) continue;
    const workName = (p.attributes.workName || p.name || '').trim();
    if (workName) people.push({ identity: p.identity, role, workName });
  }
  return people.sort((a, b) => (a.role === b.role ? (a.identity < b.identity ? -1 : 1) : a.role === 'interpreter' ? -1 : 1));
}
