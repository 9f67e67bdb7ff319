/**
 * The still for the application photo, taken from the local camera track itself at the camera's
 * full resolution — never from the WebRTC stream, whose frames are scaled and compressed for the
 * link (decision 0013).
 *
 * In order: ImageCapture.takePhoto() at the largest photo size the camera offers, when that is
 * larger than the track's frames (real cameras switch to their photo mode and sensor size); else
 * the frame the booth's preview shows at that moment, when the preview plays this track at the
 * track's own resolution (a bitmap of the <video>'s current VideoFrame: the same pixels grabFrame
 * gives; shown-frame.ts);
 * else ImageCapture.grabFrame() (a frame at the track's own resolution); else a frame of the track
 * drawn from a new <video> element at its videoWidth × videoHeight. Anything not already JPEG is
 * encoded once as JPEG quality 0.95: no other change to the pixels (no mirroring, no retouching).
 *
 * Why the shown frame before grabFrame: grabFrame waits for the camera's NEXT frame, and a camera
 * delivers none while all its capture buffers are held by their consumers (Chromium on Linux has
 * four per camera; the preview, the call's encoder, and the <video>'s paint cache after a
 * createImageBitmap of it — which is why the frames here come from a VideoFrame, shown-frame.ts —
 * hold them): then the camera drops frames and grabFrame waits. Right after photo mode, while the guidance worker
 * compiles its runtime, that lasted 0.4–2 s (bench:photo part (c), decision 0013). The shown frame
 * is in hand at once, and it is what the resident sees (and the operator, through the call) at the
 * click.
 *
 * The JPEG is encoded in a small worker (still-encoder.worker.ts), prepared when photo mode starts:
 * on the page's main thread Chromium waits for an idle period (up to a second) before it encodes,
 * which a kiosk busy with its preview often does not have. Where the worker cannot run, the page
 * encodes it as before.
 */
import { bitmapOfShownFrame } from './shown-frame';
import type { StillEncodeRequest, StillEncodeResult } from './still-encoder.worker';
import StillEncoderWorker from './still-encoder.worker?worker&inline';

export type StillMethod = 'takePhoto' | 'shownFrame' | 'grabFrame' | 'video';

export interface Still {
  blob: Blob;
  method: StillMethod;
  width: number;
  height: number;
}

const JPEG_QUALITY = 0.95;

// ImageCapture is not in TypeScript's DOM library yet.
interface PhotoRange {
  max: number;
}
interface ImageCaptureLike {
  getPhotoCapabilities(): Promise<{
    imageWidth?: PhotoRange;
    imageHeight?: PhotoRange;
  }>;
  takePhoto(settings?: { imageWidth?: number; imageHeight?: number }): Promise<Blob>;
  grabFrame(): Promise<ImageBitmap>;
}
type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureLike;

function imageCaptureFor(track: MediaStreamTrack): ImageCaptureLike | null {
  const Ctor = (globalThis as unknown as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  return Ctor ? new Ctor(track) : null;
}

/** The encoder worker's answer may not take longer than this; then the page encodes. */
export const ENCODER_TIMEOUT_MS = 5000;

interface StillEncoder {
  encode(bitmap: ImageBitmap): Promise<Blob>;
}

/** The one encoder worker; null once it has failed (the page encodes from then on). */
let encoder: StillEncoder | null | undefined;

function startEncoder(): StillEncoder | null {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return null;
  let worker: Worker;
  try {
    worker = new StillEncoderWorker({ name: 'still-encoder' });
  } catch {
    return null;
  }
  let nextId = 1;
  const pending = new Map<number, { resolve: (blob: Blob) => void; reject: (error: Error) => void }>();
  const broken = (error: Error) => {
    encoder = null;
    worker.terminate();
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker.onmessage = (event: MessageEvent<StillEncodeResult>) => {
    const result = event.data;
    const p = pending.get(result.id);
    if (!p) return;
    pending.delete(result.id);
    if ('blob' in result) p.resolve(result.blob);
    else {
      p.reject(new Error(result.error));
      broken(new Error(result.error));
    }
  };
  worker.onerror = () => broken(new Error('the still encoder failed'));
  return {
    encode(bitmap) {
      const id = nextId++;
      return new Promise<Blob>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (pending.delete(id)) broken(new Error('the still encoder did not answer'));
          reject(new Error('the still encoder did not answer'));
        }, ENCODER_TIMEOUT_MS);
        pending.set(id, {
          resolve: (blob) => {
            clearTimeout(timer);
            resolve(blob);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        worker.postMessage({ id, bitmap, quality: JPEG_QUALITY } satisfies StillEncodeRequest, [bitmap]);
      });
    },
  };
}

function stillEncoder(): StillEncoder | null {
  if (encoder === undefined) encoder = startEncoder();
  return encoder;
}

/**
 * The JPEG of `bitmap` (which this closes or hands over): in the encoder worker, else on the page.
 * The worker gets the bitmap itself, so if it fails the frame is made `again` for the page.
 */
async function jpegOf(bitmap: ImageBitmap, again: () => Promise<ImageBitmap>): Promise<Blob> {
  let frame = bitmap;
  const worker = stillEncoder();
  if (worker) {
    try {
      return await worker.encode(frame);
    } catch {
      frame = await again();
    }
  }
  try {
    return await jpegFrom(frame, frame.width, frame.height);
  } finally {
    frame.close();
  }
}

async function jpegFrom(source: CanvasImageSource, width: number, height: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(source, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  // Let the browser drop the pixels at once: this is a face.
  canvas.width = 0;
  canvas.height = 0;
  if (!blob) throw new Error('JPEG encoding failed');
  return blob;
}

/**
 * takePhoto() is worth its cost (a camera mode switch, often a PNG round trip) only when the
 * camera's photo size has more pixels than the frames the track already delivers.
 */
export function photoHasMorePixels(photo: { width?: number; height?: number }, track: { width?: number; height?: number }): boolean {
  if (!photo.width || !photo.height) return true; // unknown: let the camera decide
  if (!track.width || !track.height) return true;
  return photo.width * photo.height > track.width * track.height;
}

type PhotoSettings = { imageWidth?: number; imageHeight?: number };

/** How this track's stills are taken; worked out once per track (prepareStill), ahead of the click. */
interface Plan {
  capture: ImageCaptureLike | null;
  /** takePhoto() with these settings, or null: a frame is as good. */
  photo: PhotoSettings | null;
}

const plans = new WeakMap<MediaStreamTrack, Promise<Plan>>();

async function makePlan(track: MediaStreamTrack): Promise<Plan> {
  const capture = imageCaptureFor(track);
  if (!capture) return { capture: null, photo: null };
  const capabilities = await capture
    .getPhotoCapabilities()
    .catch(() => ({}) as Awaited<ReturnType<ImageCaptureLike['getPhotoCapabilities']>>);
  const largest = { width: capabilities.imageWidth?.max, height: capabilities.imageHeight?.max };
  if (!photoHasMorePixels(largest, track.getSettings())) return { capture, photo: null };
  return { capture, photo: largest.width && largest.height ? { imageWidth: largest.width, imageHeight: largest.height } : {} };
}

function planFor(track: MediaStreamTrack): Promise<Plan> {
  let plan = plans.get(track);
  if (!plan) {
    plan = makePlan(track);
    plans.set(track, plan);
  }
  return plan;
}

/** Ask the camera what it can do when photo mode starts, so that the capture itself starts at once. */
export function prepareStill(track: MediaStreamTrack | undefined): void {
  if (track && track.readyState === 'live') void planFor(track);
  stillEncoder();
}

async function viaTakePhoto(capture: ImageCaptureLike, settings: PhotoSettings): Promise<Still> {
  const photo = await capture.takePhoto(settings);
  const bitmap = await createImageBitmap(photo);
  markFrame();
  const { width, height } = bitmap;
  if (photo.type === 'image/jpeg') {
    bitmap.close();
    return { blob: photo, method: 'takePhoto', width, height };
  }
  // Some cameras (and Chromium's fake one) answer PNG: encode that once as JPEG.
  return { blob: await jpegOf(bitmap, () => createImageBitmap(photo)), method: 'takePhoto', width, height };
}

/** When the frame (or photo) is in hand, before its JPEG: bench:photo part (c) splits the still there. */
function markFrame() {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  performance.clearMarks('photo-capture-frame');
  performance.mark('photo-capture-frame');
}

async function viaGrabFrame(capture: ImageCaptureLike): Promise<Still> {
  const bitmap = await capture.grabFrame();
  markFrame();
  const { width, height } = bitmap;
  return { blob: await jpegOf(bitmap, () => capture.grabFrame()), method: 'grabFrame', width, height };
}

/** What takeStill needs of the preview's <video>. */
export type ShownVideo = Pick<HTMLVideoElement, 'readyState' | 'videoWidth' | 'videoHeight' | 'srcObject'>;

/**
 * The <video> on the page that shows `track` now with a frame at the track's own resolution, or
 * null (no preview, no frame yet, or a different size: then the frame comes from the camera).
 */
export function shownVideoOf(track: MediaStreamTrack, videos: Iterable<ShownVideo>): ShownVideo | null {
  const { width, height } = track.getSettings();
  for (const video of videos) {
    const stream = video.srcObject as MediaStream | null;
    if (!stream || typeof stream.getVideoTracks !== 'function') continue;
    if (!stream.getVideoTracks().some((t) => t === track || t.id === track.id)) continue;
    if (video.readyState < 2 /* HAVE_CURRENT_DATA */ || !(video.videoWidth > 0 && video.videoHeight > 0)) continue;
    if (width && height && (video.videoWidth !== width || video.videoHeight !== height)) continue;
    return video;
  }
  return null;
}

function videosOnPage(): Iterable<ShownVideo> {
  return typeof document === 'undefined' || typeof document.querySelectorAll !== 'function' ? [] : document.querySelectorAll('video');
}

/**
 * The frame `video` shows now, at its full size (no resize option), without waiting for the camera
 * — and without leaving that camera buffer in the player's paint cache (shown-frame.ts).
 */
async function viaShownFrame(video: ShownVideo): Promise<Still> {
  const source = video as HTMLVideoElement;
  const bitmap = await bitmapOfShownFrame(source);
  markFrame();
  const { width, height } = bitmap;
  return { blob: await jpegOf(bitmap, () => bitmapOfShownFrame(source)), method: 'shownFrame', width, height };
}

async function viaVideo(track: MediaStreamTrack): Promise<Still> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  try {
    await video.play();
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) {
      await new Promise<void>((resolve, reject) => {
        video.addEventListener('loadeddata', () => resolve(), { once: true });
        setTimeout(() => reject(new Error('no camera frame')), 3000);
      });
    }
    const width = video.videoWidth;
    const height = video.videoHeight;
    return {
      blob: await jpegFrom(video, width, height),
      method: 'video',
      width,
      height,
    };
  } finally {
    video.pause();
    video.srcObject = null;
  }
}

/** A JPEG still of the camera track at full resolution, by the best means the browser has. */
export async function takeStill(track: MediaStreamTrack, videos: Iterable<ShownVideo> = videosOnPage()): Promise<Still> {
  if (track.readyState !== 'live') throw new Error('the camera is not live');
  const { capture, photo } = await planFor(track);
  if (capture && photo) {
    try {
      return await viaTakePhoto(capture, photo);
    } catch {
      // a frame instead
    }
  }
  const shown = typeof createImageBitmap === 'function' ? shownVideoOf(track, videos) : null;
  if (shown) {
    try {
      return await viaShownFrame(shown);
    } catch {
      // a frame from the camera instead
    }
  }
  if (capture) {
    try {
      return await viaGrabFrame(capture);
    } catch {
      // fall through to the video element
    }
  }
  return viaVideo(track);
}
