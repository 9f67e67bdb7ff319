/**
 * The booth's half of the photo step (decision 0013), driven by the operator over LiveKit RPC:
 * photo mode on/off (mirrored preview + guide), capture (countdown, full-resolution still, upload
 * bound to this session), and showing the approved photo. Holds no image longer than needed: the
 * still is dropped once uploaded, and the approved photo's object URL is revoked when it is
 * replaced, when photo mode ends, and when the call ends.
 */
import { ApiError } from '../../api';
import type { CaptureAnswer, CaptureError } from '../rpc';
import { prepareStill, takeStill } from './capture';

export interface PhotoState {
  mode: boolean;
  /** 3, 2, 1 during the countdown; null otherwise. */
  countdown: number | null;
  phase: 'idle' | 'countdown' | 'capturing' | 'uploading' | 'taken' | 'failed';
  /** Object URL of the approved photo while the booth shows it. */
  approvedUrl: string | null;
}

export const initialPhotoState: PhotoState = {
  mode: false,
  countdown: null,
  phase: 'idle',
  approvedUrl: null,
};

/** The booth API for photos, bound to the current session. */
export interface PhotoApi {
  upload(jpeg: Blob): Promise<{ photoId: string }>;
  image(photoId: string): Promise<Blob>;
}

export interface PhotoStepOptions {
  api: PhotoApi;
  /** The local camera track (not the WebRTC sender's): undefined while it is off. */
  cameraTrack: () => MediaStreamTrack | undefined;
  /** True while the PIN step has the camera off: no photo then. */
  cameraBlocked: () => boolean;
  onChange: (state: PhotoState) => void;
  sleep?: (ms: number) => Promise<void>;
}

const errors = {
  notInPhotoMode: {
    code: 'not_in_photo_mode',
    ja: 'ブースが写真撮影モードではありません',
    en: 'The booth is not in photo mode',
  },
  busy: {
    code: 'busy',
    ja: '撮影中です。お待ちください',
    en: 'A capture is already under way',
  },
  pinPrivacy: {
    code: 'pin_privacy',
    ja: '暗証番号の入力中はカメラが止まっています',
    en: 'The camera is off during PIN entry',
  },
  noCamera: {
    code: 'no_camera',
    ja: 'ブースのカメラが使えません',
    en: 'The booth camera is not available',
  },
  captureFailed: {
    code: 'capture_failed',
    ja: '静止画を撮れませんでした',
    en: 'Could not take the still',
  },
  uploadFailed: {
    code: 'upload_failed',
    ja: '写真を送れませんでした',
    en: 'Could not upload the photo',
  },
} satisfies Record<string, CaptureError>;

function uploadError(error: unknown): CaptureError {
  if (error instanceof ApiError) {
    return {
      code: error.code === 'unknown' ? `http_${error.status}` : error.code,
      ja: `${errors.uploadFailed.ja}（${error.status}）: ${error.message}`,
      en: `${errors.uploadFailed.en} (${error.status}): ${error.message}`,
    };
  }
  return errors.uploadFailed;
}

/**
 * The capture's stages as performance marks (`photo-capture-request`, `-still-start`, `-still-end`,
 * `-uploaded`) for bench:photo's part (c); each capture clears the previous ones, so they never pile up.
 */
const MARKS = ['request', 'still-start', 'still-end', 'uploaded'] as const;
function mark(name: (typeof MARKS)[number]) {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  if (name === 'request') for (const m of MARKS) performance.clearMarks(`photo-capture-${m}`);
  performance.mark(`photo-capture-${name}`);
}

export class PhotoStep {
  private state: PhotoState = initialPhotoState;
  private busy = false;
  private disposed = false;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: PhotoStepOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get current(): PhotoState {
    return this.state;
  }

  private set(patch: Partial<PhotoState>) {
    if (this.disposed) return;
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }

  setMode(on: boolean) {
    if (on === this.state.mode) return;
    this.releaseApproved();
    this.set({ mode: on, countdown: null, phase: 'idle', approvedUrl: null });
    if (on) prepareStill(this.options.cameraTrack());
  }

  /** Countdown, still, upload. Never throws: the operator gets the photo id or a reason. */
  async capture(countdownSeconds: number): Promise<CaptureAnswer> {
    mark('request');
    if (!this.state.mode) return { error: errors.notInPhotoMode };
    if (this.busy) return { error: errors.busy };
    if (this.options.cameraBlocked()) return { error: errors.pinPrivacy };
    this.busy = true;
    try {
      this.releaseApproved();
      this.set({ approvedUrl: null });
      for (let n = countdownSeconds; n > 0; n--) {
        this.set({ phase: 'countdown', countdown: n });
        await this.sleep(1000);
        if (!this.state.mode || this.disposed) return { error: errors.notInPhotoMode };
      }
      this.set({ phase: 'capturing', countdown: null });
      const track = this.options.cameraTrack();
      if (!track || this.options.cameraBlocked()) {
        this.set({ phase: 'failed' });
        return { error: track ? errors.pinPrivacy : errors.noCamera };
      }
      let still: Blob;
      try {
        mark('still-start');
        still = (await takeStill(track)).blob;
        mark('still-end');
      } catch {
        this.set({ phase: 'failed' });
        return { error: errors.captureFailed };
      }
      this.set({ phase: 'uploading' });
      try {
        const { photoId } = await this.options.api.upload(still);
        mark('uploaded');
        this.set({ phase: 'taken' });
        return { photoId };
      } catch (error) {
        this.set({ phase: 'failed' });
        return { error: uploadError(error) };
      }
    } finally {
      this.busy = false;
    }
  }

  /** The operator approved `photoId`: fetch it (booth credential) and show it to the resident. */
  async show(photoId: string): Promise<void> {
    const image = await this.options.api.image(photoId);
    if (this.disposed || !this.state.mode) return;
    this.releaseApproved();
    this.set({
      approvedUrl: URL.createObjectURL(image),
      phase: 'idle',
      countdown: null,
    });
  }

  /** The call is over: forget everything. */
  dispose() {
    this.releaseApproved();
    this.state = initialPhotoState;
    this.disposed = true;
  }

  private releaseApproved() {
    if (this.state.approvedUrl) URL.revokeObjectURL(this.state.approvedUrl);
  }
}
