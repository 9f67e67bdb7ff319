import { vi } from 'vitest';

/** A stubbed WebCodecs VideoFrame: every frame made (with its source) and whether it was closed. */
export function stubVideoFrames(): { source: unknown; closed: boolean }[] {
  const frames: { source: unknown; closed: boolean }[] = [];
  vi.stubGlobal(
    'VideoFrame',
    class {
      closed = false;
      constructor(readonly source: unknown) {
        frames.push(this);
      }
      close() {
        this.closed = true;
      }
    },
  );
  return frames;
}
