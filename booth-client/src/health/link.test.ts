import { describe, expect, it } from 'vitest';
import { checkTimeoutMs, initialLink, type LinkPart, nextCheckMs, observe, worstDetectionMs } from './link';

const run = (checks: [LinkPart, boolean][]) => checks.reduce((state, [part, ok]) => observe(state, part, ok), initialLink);

describe('observe: when the booth is unavailable', () => {
  it('stays available through one lost beat or probe', () => {
    expect(run([['server', false]]).available).toBe(true);
    expect(run([['livekit', false]]).available).toBe(true);
    expect(
      run([
        ['server', false],
        ['server', true],
        ['server', false],
      ]).available,
    ).toBe(true);
  });

  it('is unavailable after two failures in a row of the server or of LiveKit', () => {
    expect(
      run([
        ['server', false],
        ['server', false],
      ]).available,
    ).toBe(false);
    expect(
      run([
        ['livekit', false],
        ['server', true],
        ['livekit', false],
      ]).available,
    ).toBe(false);
  });

  it('comes back once both answer again, not while either still fails', () => {
    const cut = run([
      ['server', false],
      ['livekit', false],
      ['server', false],
      ['livekit', false],
    ]);
    expect(cut.available).toBe(false);
    const serverBack = observe(cut, 'server', true);
    expect(serverBack.available).toBe(false);
    expect(observe(serverBack, 'livekit', true).available).toBe(true);
    expect(
      observe(
        observe(
          run([
            ['livekit', false],
            ['livekit', false],
          ]),
          'server',
          true,
        ),
        'livekit',
        true,
      ).available,
    ).toBe(true);
  });
});

describe('timing', () => {
  it('confirms a first failure sooner than the next beat, otherwise keeps the heartbeat pace', () => {
    expect(nextCheckMs(initialLink, 'server', 10_000)).toBe(10_000);
    expect(nextCheckMs(run([['server', false]]), 'server', 10_000)).toBe(2_000);
    expect(nextCheckMs(run([['server', false]]), 'livekit', 10_000)).toBe(10_000);
    expect(
      nextCheckMs(
        run([
          ['server', false],
          ['server', false],
        ]),
        'server',
        10_000,
      ),
    ).toBe(10_000);
    expect(nextCheckMs(run([['livekit', false]]), 'livekit', 1_000)).toBe(1_000);
  });

  it('gives up on a check after 2–5 s, shorter than the default heartbeat', () => {
    expect(checkTimeoutMs(10_000)).toBe(5_000);
    expect(checkTimeoutMs(3_000)).toBe(2_400);
    expect(checkTimeoutMs(1_000)).toBe(2_000);
  });

  it('notices a cut link within 22 s at the default heartbeat, 6 s in the e2e run', () => {
    expect(worstDetectionMs(10_000)).toBe(22_000);
    expect(worstDetectionMs(1_000)).toBe(6_000);
  });
});
