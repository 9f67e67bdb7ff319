import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { photoHasMorePixels, type ShownVideo, shownVideoOf } from './capture';
import { stubVideoFrames } from './video-frame.test-helpers';

describe('choosing takePhoto or a frame', () => {
  it('takes a photo when the camera offers more pixels than the track delivers', () => {
    expect(photoHasMorePixels({ width: 4032, height: 3024 }, { width: 1280, height: 720 })).toBe(true);
  });

  it('takes a frame when the photo size is no larger (e.g. a webcam or the fake camera at 1280×720)', () => {
    expect(photoHasMorePixels({ width: 1280, height: 720 }, { width: 1280, height: 720 })).toBe(false);
    expect(photoHasMorePixels({ width: 640, height: 480 }, { width: 1280, height: 720 })).toBe(false);
  });

  it('lets the camera decide when either size is unknown', () => {
    expect(photoHasMorePixels({}, { width: 1280, height: 720 })).toBe(true);
    expect(photoHasMorePixels({ width: 1920, height: 1080 }, {})).toBe(true);
  });
});

const JPEG_FROM_PAGE = new Blob(['page jpeg'], { type: 'image/jpeg' });

/**
 * Chromium's fake camera as ImageCapture sees it (`grabFrame: 'never'`: a camera that delivers no
 * new frame while its capture buffers are all held, so grabFrame waits for ever); a VideoFrame of a
 * preview <video> and createImageBitmap; a worker that answers `answer`; a page canvas.
 */
function browser(answer: (id: number) => unknown, { grabFrame = 'frame' }: { grabFrame?: 'frame' | 'never' } = {}) {
  const frames: { width: number; height: number; close: () => void }[] = [];
  const shown: { source: unknown; options: unknown }[] = [];
  const posted: { message: { id: number; bitmap: unknown; quality: number }; transfer: unknown[] }[] = [];
  const pageCanvases: unknown[] = [];
  vi.stubGlobal(
    'ImageCapture',
    class {
      async getPhotoCapabilities() {
        return { imageWidth: { max: 1280 }, imageHeight: { max: 720 } };
      }
      grabFrame() {
        const frame = { width: 1280, height: 720, close: vi.fn() };
        frames.push(frame);
        return grabFrame === 'frame' ? Promise.resolve(frame) : new Promise(() => {}); // the camera's next frame does not come
      }
    },
  );
  vi.stubGlobal('createImageBitmap', async (source: unknown, options?: unknown) => {
    shown.push({ source, options });
    return { width: 1280, height: 720, close: vi.fn() };
  });
  const videoFrames = stubVideoFrames();
  vi.stubGlobal('OffscreenCanvas', class {});
  vi.stubGlobal(
    'Worker',
    class {
      onmessage: ((event: { data: unknown }) => void) | null = null;
      onerror: (() => void) | null = null;
      postMessage(message: { id: number; bitmap: unknown; quality: number }, transfer: unknown[]) {
        posted.push({ message, transfer });
        setTimeout(() => this.onmessage?.({ data: answer(message.id) }));
      }
      terminate() {}
    },
  );
  vi.stubGlobal('document', {
    createElement: () => {
      const canvas = {
        width: 0,
        height: 0,
        getContext: () => ({ drawImage: vi.fn() }),
        toBlob: (done: (blob: Blob) => void) => setTimeout(() => done(JPEG_FROM_PAGE)),
      };
      pageCanvases.push(canvas);
      return canvas;
    },
  });
  return { frames, shown, posted, pageCanvases, videoFrames };
}

describe('encoding the still', () => {
  const JPEG_FROM_WORKER = new Blob(['worker jpeg'], { type: 'image/jpeg' });
  const track = { readyState: 'live', getSettings: () => ({ width: 1280, height: 720 }) } as unknown as MediaStreamTrack;

  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it('encodes the frame in the encoder worker (the page would wait for an idle period), same quality 0.95', async () => {
    const { frames, posted, pageCanvases } = browser((id) => ({ id, blob: JPEG_FROM_WORKER }));
    const { prepareStill, takeStill } = await import('./capture');
    prepareStill(track);
    const still = await takeStill(track);
    expect(still).toEqual({ blob: JPEG_FROM_WORKER, method: 'grabFrame', width: 1280, height: 720 });
    expect(posted).toHaveLength(1);
    expect(posted[0]!.message.quality).toBe(0.95);
    // The frame itself is handed over (transferred), not copied, and the page draws nothing.
    expect(posted[0]!.message.bitmap).toBe(frames[0]);
    expect(posted[0]!.transfer).toEqual([frames[0]]);
    expect(pageCanvases).toHaveLength(0);
  });

  it('encodes on the page when the worker cannot, with a new frame, and from then on', async () => {
    const { frames, posted, pageCanvases } = browser((id) => ({ id, error: 'no OffscreenCanvas 2D' }));
    const { takeStill } = await import('./capture');
    expect((await takeStill(track)).blob).toBe(JPEG_FROM_PAGE);
    expect(frames).toHaveLength(2); // the first went to the worker
    expect(frames[1]!.close).toHaveBeenCalled();
    expect((await takeStill(track)).blob).toBe(JPEG_FROM_PAGE);
    expect(posted).toHaveLength(1);
    expect(pageCanvases).toHaveLength(2);
  });
});

describe('the still from the frame the preview shows', () => {
  const JPEG = new Blob(['jpeg'], { type: 'image/jpeg' });
  const track = { id: 'camera', readyState: 'live', getSettings: () => ({ width: 1280, height: 720 }) } as unknown as MediaStreamTrack;
  const playing = (t: MediaStreamTrack, width = 1280, height = 720, readyState = 4): ShownVideo =>
    ({ readyState, videoWidth: width, videoHeight: height, srcObject: { getVideoTracks: () => [t] } }) as unknown as ShownVideo;

  beforeEach(() => vi.resetModules());
  afterEach(() => vi.unstubAllGlobals());

  it('takes the frame on screen at full size and never waits for the camera’s next frame', async () => {
    const { frames, shown, posted, videoFrames } = browser((id) => ({ id, blob: JPEG }), { grabFrame: 'never' });
    const { takeStill } = await import('./capture');
    const preview = playing(track);
    const still = await takeStill(track, [preview]);
    expect(still).toEqual({ blob: JPEG, method: 'shownFrame', width: 1280, height: 720 });
    expect(frames).toHaveLength(0);
    // The video's current VideoFrame (closed at once: painting the video itself would keep the
    // camera buffer in the player's cache), no resize option: the track's own pixels, in the worker.
    expect(videoFrames).toHaveLength(1);
    expect(videoFrames[0]!.source).toBe(preview);
    expect(videoFrames[0]!.closed).toBe(true);
    expect(shown).toEqual([{ source: videoFrames[0], options: undefined }]);
    expect(posted).toHaveLength(1);
  }, 2000); // bounded: without the shown frame it would wait for ever on grabFrame

  it('finds the preview that plays this track at its own resolution, and no other', () => {
    const other = { id: 'other' } as unknown as MediaStreamTrack;
    const preview = playing(track);
    expect(shownVideoOf(track, [playing(other), preview])).toBe(preview);
    // Not yet a frame, a frame of another size (a layout not yet resized), or no stream: none.
    expect(shownVideoOf(track, [playing(track, 1280, 720, 1)])).toBeNull();
    expect(shownVideoOf(track, [playing(track, 640, 360)])).toBeNull();
    expect(shownVideoOf(track, [{ readyState: 4, videoWidth: 1280, videoHeight: 720, srcObject: null } as ShownVideo])).toBeNull();
  });

  it('asks the camera for a frame when no preview shows the track', async () => {
    const { frames } = browser((id) => ({ id, blob: JPEG }));
    const { takeStill } = await import('./capture');
    const still = await takeStill(track, [playing(track, 640, 360)]);
    expect(still.method).toBe('grabFrame');
    expect(frames).toHaveLength(1);
  });
});
