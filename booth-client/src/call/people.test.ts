import { describe, expect, it } from 'vitest';
import { peopleInCall } from './people';
import { pickOperator } from './rpc';

describe('people in this call', () => {
  it('lists interpreters and supervisors by work name, not the operator, not the hidden, not the unmarked', () => {
    const people = peopleInCall([
      { identity: 'operator:o1', name: '佐藤', attributes: { role: 'operator', workName: '佐藤' } },
      { identity: 'supervisor:s1', name: 'SV 田中', attributes: { role: 'supervisor', workName: 'SV 田中' } },
      { identity: 'interpreter:i1', name: 'Smith', attributes: { role: 'interpreter', workName: '通訳 Smith' } },
      { identity: 'supervisor:s2', attributes: { role: 'supervisor', workName: '聞いている人' }, permissions: { hidden: true } },
      { identity: 'stranger', name: 'x', attributes: {} },
      { identity: 'odd', name: 'y', attributes: { role: 'admin', workName: 'y' } },
    ]);
    expect(people).toEqual([
      { identity: 'interpreter:i1', role: 'interpreter', workName: '通訳 Smith' },
      { identity: 'supervisor:s1', role: 'supervisor', workName: 'SV 田中' },
    ]);
  });

  it('never takes an interpreter for the operator, even when they are the only other one in the room', () => {
    expect(pickOperator([{ identity: 'interpreter:i1' }])).toBeUndefined();
    expect(pickOperator([{ identity: 'interpreter:i1' }, { identity: 'operator:o1' }])?.identity).toBe('operator:o1');
  });

  it('after a take-over names the supervisor as the operator, never the one who left nor a supervisor before taking over', () => {
    const old = { identity: 'operator:o1', name: 'オペレーター 札幌', joinedAt: new Date(1_000) };
    const coach = { identity: 'supervisor:s1', name: 'SV 北野', joinedAt: new Date(2_000) };
    const takenOver = { identity: 'operator:s1', name: 'SV 北野', joinedAt: new Date(3_000) };
    // Coaching: the operator is still the one who answered.
    expect(pickOperator([old, coach])).toBe(old);
    // The old operator out of the room, the coach not yet gone: no operator (the name stays), not the coach.
    expect(pickOperator([coach])).toBeUndefined();
    // The supervisor in as the operator while the old one is still in the room (removal failed,
    // or they came back on their old token), in either order the room lists them.
    expect(pickOperator([old, takenOver])).toBe(takenOver);
    expect(pickOperator([takenOver, old])).toBe(takenOver);
    expect(pickOperator([takenOver])).toBe(takenOver);
    // No join times yet: the later in the room's order (the order they joined in).
    expect(pickOperator([{ identity: 'operator:o1' }, { identity: 'operator:s1' }])?.identity).toBe('operator:s1');
  });
});
