import { roles } from '@madoguchi/db';
import { describe, expect, it } from 'vitest';
import { actions, entities, type Need, reaches, reachOf, rolePermissions } from './permissions';

const A = 'muni-a';
const B = 'muni-b';
const actor = (role: (typeof roles)[number], municipalityIds = [A]) => ({ role, municipalityIds });

describe('reachOf', () => {
  it('gives admins every action everywhere', () => {
    for (const action of ['read', 'write'] as const) {
      for (const entity of entities) expect(reachOf(actor('admin', []), `${action}:${entity}`)).toEqual({ kind: 'any' });
    }
    expect(reachOf(actor('admin', []), 'provision:booth')).toEqual({ kind: 'any' });
  });

  it('limits town staff to reading their own municipality, acknowledging its escalations, running its booth diagnostics and booking for its residents', () => {
    const staff = actor('town_staff');
    expect(reachOf(staff, 'read:session')).toEqual({ kind: 'municipalities', ids: [A] });
    expect(reachOf(staff, 'acknowledge:incident')).toEqual({ kind: 'municipalities', ids: [A] });
    expect(reachOf(staff, 'write:diagnostics')).toEqual({ kind: 'municipalities', ids: [A] });
    expect(reachOf(staff, 'write:reservation')).toEqual({ kind: 'municipalities', ids: [A] });
    for (const entity of entities.filter((e) => e !== 'diagnostics' && e !== 'reservation'))
      expect(reachOf(staff, `write:${entity}`)).toBeNull();
    expect(reachOf(staff, 'provision:booth')).toBeNull();
  });

  it('lets operators work sessions and log inquiries in the municipalities they serve only', () => {
    const op = actor('operator', [A, B]);
    expect(reachOf(op, 'write:session')).toEqual({ kind: 'municipalities', ids: [A, B] });
    expect(reachOf(op, 'write:inquiry')).toEqual({ kind: 'municipalities', ids: [A, B] });
    for (const need of ['write:booth', 'write:account', 'read:account', 'read:audit', 'read:ledger', 'write:calendar'] as Need[]) {
      expect(reachOf(op, need)).toBeNull();
    }
  });

  it('gives supervisors booths, calendars and terms everywhere, but not accounts, municipalities or credentials', () => {
    const sup = actor('supervisor', []);
    for (const need of ['write:booth', 'write:calendar', 'write:consent', 'write:incident', 'read:ledger'] as Need[]) {
      expect(reachOf(sup, need)).toEqual({ kind: 'any' });
    }
    for (const need of ['write:account', 'write:municipality', 'provision:booth'] as Need[]) {
      expect(reachOf(sup, need)).toBeNull();
    }
  });

  it('never grants an "own" permission beyond the linked municipalities', () => {
    for (const role of roles) {
      for (const action of actions) {
        for (const entity of entities) {
          const reach = reachOf(actor(role, [A]), `${action}:${entity}`);
          if (reach?.kind === 'municipalities') {
            expect(reaches(reach, A)).toBe(true);
            expect(reaches(reach, B)).toBe(false);
          }
        }
      }
    }
  });

  it('holds only well-formed permissions', () => {
    for (const role of roles) {
      for (const p of rolePermissions[role])
        expect(p).toMatch(/^(read|write|provision|acknowledge|approve|interpret):[a-z]+:(self|own|any)$/);
    }
  });
});

describe('pop-up events', () => {
  it('lets supervisors and admins plan everywhere, and only town staff agree, for their own town', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      expect(reachOf(actor(role, []), 'write:popup')).toEqual({ kind: 'any' });
      expect(reachOf(actor(role, []), 'approve:popup')).toBeNull();
    }
    expect(reachOf(actor('town_staff'), 'approve:popup')).toEqual({ kind: 'municipalities', ids: [A] });
    expect(reachOf(actor('town_staff'), 'read:popup')).toEqual({ kind: 'municipalities', ids: [A] });
    expect(reachOf(actor('town_staff'), 'write:popup')).toBeNull();
    expect(reachOf(actor('operator'), 'read:popup')).toBeNull();
  });
});

describe('supervision in a call (issue 18)', () => {
  it('lets supervisors step into the calls of the municipalities they supervise only; operators and town staff never', () => {
    const reach = reachOf(actor('supervisor', [A]), 'write:supervision');
    expect(reach).toEqual({ kind: 'municipalities', ids: [A] });
    expect(reaches(reach!, B)).toBe(false);
    expect(reachOf(actor('operator', [A]), 'write:supervision')).toBeNull();
    expect(reachOf(actor('town_staff', [A]), 'write:supervision')).toBeNull();
  });
});

describe('interpreters (issue 18)', () => {
  it('lets an interpreter interpret the calls routed to them, and nothing else', () => {
    const interpreter = actor('interpreter', [A]);
    expect(rolePermissions.interpreter).toEqual(['interpret:session:self']);
    expect(reachOf(interpreter, 'interpret:session')).toEqual({ kind: 'self' });
    for (const action of actions) {
      for (const entity of entities) {
        if (action === 'interpret' && entity === 'session') continue;
        expect(reachOf(interpreter, `${action}:${entity}`), `${action}:${entity}`).toBeNull();
      }
    }
  });

  it('routes every account by one queue at most: no role both takes calls and interprets', () => {
    for (const role of roles) {
      const a = actor(role, [A]);
      expect(reachOf(a, 'write:session') !== null && reachOf(a, 'interpret:session') !== null, role).toBe(false);
    }
    expect(reachOf(actor('admin', []), 'interpret:session')).toBeNull();
  });
});

describe('staffing and shifts', () => {
  it('lets supervisors and admins plan everywhere', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      for (const need of ['read:staffing', 'write:staffing', 'read:shift', 'write:shift'] as Need[]) {
        expect(reachOf(actor(role, []), need)).toEqual({ kind: 'any' });
      }
    }
  });

  it('shows operators their own shifts only, which reach no municipality as a whole', () => {
    const op = actor('operator', [A]);
    const reach = reachOf(op, 'read:shift');
    expect(reach).toEqual({ kind: 'self' });
    expect(reaches(reach!, A)).toBe(false);
    expect(reachOf(op, 'write:shift')).toBeNull();
    expect(reachOf(op, 'read:staffing')).toBeNull();
  });

  it("shows town staff their municipality's staffing figures, and no shifts", () => {
    const staff = actor('town_staff', [A]);
    expect(reachOf(staff, 'read:staffing')).toEqual({ kind: 'municipalities', ids: [A] });
    expect(reachOf(staff, 'write:staffing')).toBeNull();
    expect(reachOf(staff, 'read:shift')).toBeNull();
  });
});
