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
});
