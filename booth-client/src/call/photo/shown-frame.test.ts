import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ANALYSIS_WIDTH } from './guidance';
import { bitmapOfShownFrame } from './shown-frame';
import { analysisFrameOf } from './usePreviewGuidance';
import { stubVideoFrames } from './video-frame.test-helpers';

/**
 * Chromium as the booth meets it: createImageBitmap of a <video> goes through the player's paint
 * cache, which keeps the camera buffer (counted in `paintedVideos`); a VideoFrame of the video holds
 * the buffer until it is closed (`openFrames`).
 */
function browser({ bitmapFails = false } = {}) {
  const frames = stubVideoFrames();
  const bitmapSources: unknown[] = [];
  vi.stubGlobal('createImageBitmap', async (source: unknown, options?: { resizeWidth?: number; resizeHeight?: number }) => {
    bitmapSources.push(source);
    if (bitmapFails) throw new Error('InvalidStateError');
    return { width: options?.resizeWidth ?? 1280, height: options?.resizeHeight ?? 720, close: vi.fn() };
  });
  return {
    frames,
    bitmapSources,
    openFrames: () => frames.filter((f) => !f.closed).length,
    paintedVideos: () => bitmapSources.filter((s) => !frames.includes(s as (typeof frames)[number])).length,
  };
}

const video = (width = 1280, height = 720, readyState = 4) =>
  ({ videoWidth: width, videoHeight: height, readyState }) as unknown as HTMLVideoElement;

describe('a bitmap of the frame the preview shows', () => {
  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it('is made from the video’s VideoFrame, closed at once, never by painting the video (which keeps a camera buffer)', async () => {
    const b = browser();
    const preview = video();
    const bitmap = await bitmapOfShownFrame(preview);
    expect(bitmap).toMatchObject({ width: 1280, height: 720 });
    expect(b.frames).toHaveLength(1);
    expect(b.frames[0]!.source).toBe(preview);
    expect(b.bitmapSources).toEqual([b.frames[0]]);
    expect(b.paintedVideos()).toBe(0);
    expect(b.openFrames()).toBe(0);
  });

  it('closes the VideoFrame when the bitmap cannot be made', async () => {
    const b = browser({ bitmapFails: true });
    await expect(bitmapOfShownFrame(video())).rejects.toThrow('InvalidStateError');
    expect(b.frames).toHaveLength(1);
    expect(b.openFrames()).toBe(0);
  });

  it('the guidance’s small frame, every round: no painted video and no VideoFrame left open', async () => {
    const b = browser();
    const preview = video();
    for (let i = 0; i < 5; i++)
      expect(await analysisFrameOf(preview)).toMatchObject({ width: ANALYSIS_WIDTH, height: (ANALYSIS_WIDTH * 9) / 16 });
    expect(b.frames).toHaveLength(5);
    expect(b.paintedVideos()).toBe(0);
    expect(b.openFrames()).toBe(0);
    // No frame yet: nothing taken.
    expect(await analysisFrameOf(video(0, 0, 0))).toBeNull();
    expect(b.frames).toHaveLength(5);
  });
});
