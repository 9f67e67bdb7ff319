import { describe, expect, it } from 'vitest';
import { createInProcessPush } from './push.server';

describe('createInProcessPush', () => {
  it('delivers to the subscribers of a topic only, until they unsubscribe', () => {
    const push = createInProcessPush();
    const got: string[] = [];
    const off = push.subscribe('operator:a', (event, data) => got.push(`a:${event}:${JSON.stringify(data)}`));
    push.subscribe('operator:b', (event) => got.push(`b:${event}`));
    push.publish('operator:a', 'state', { n: 1 });
    expect(push.listeners('operator:a')).toBe(1);
    off();
    push.publish('operator:a', 'state', { n: 2 });
    expect(got).toEqual(['a:state:{"n":1}']);
    expect(push.listeners('operator:a')).toBe(0);
  });

  it('keeps delivering when one subscriber throws', () => {
    const push = createInProcessPush();
    const got: number[] = [];
    push.subscribe('t', () => {
      throw new Error('broken console');
    });
    push.subscribe('t', (_e, d) => got.push(d as number));
    push.publish('t', 'x', 7);
    expect(got).toEqual([7]);
  });
});
