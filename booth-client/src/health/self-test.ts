/**
 * The remote self-test (Zama spec: remote fault check). Each check is bounded in time and
 * reports codes and figures only: no picture or sound leaves the booth.
 *  - camera: one frame from the camera must have non-trivial luma variance (not black/covered);
 *  - microphone: RMS level over ~1 s from an AnalyserNode must be above silence;
 *  - speaker: a 440 Hz tone is played through WebAudio and its end observed;
 *  - LiveKit: its HTTP endpoint must answer (reachability);
 *  - network: the median of five API round trips.
 */
import type { BoothApi, CheckError, SelfTestResult } from '../api';
import { livekitHttpUrl, probeLiveKit } from './livekit-probe';
import { lumaVariance, MIN_FRAME_VARIANCE, MIN_MICROPHONE_RMS, median, rms } from './measure';

const CHECK_TIMEOUT_MS = 8_000;

function withTimeout<T>(promise: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DOMException('timeout', 'TimeoutError')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** A browser error as one of the codes the API accepts. */
export function errorCode(error: unknown): CheckError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'not_allowed';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'not_found';
    case 'NotReadableError':
    case 'AbortError':
      return 'not_readable';
    case 'TimeoutError':
      return 'timeout';
    case 'TypeError':
      return 'unreachable';
    default:
      return 'other';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function cameraCheck(): Promise<SelfTestResult['camera']> {
  let stream: MediaStream | undefined;
  try {
    if (!navigator.mediaDevices?.getUserMedia) return { result: 'fail', error: 'unsupported' };
    stream = await withTimeout(navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false }));
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    await withTimeout(video.play());
    // Let the camera settle (auto exposure) and wait for a real frame.
    await sleep(500);
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return { result: 'fail', error: 'blank' };
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) return { result: 'fail', error: 'unsupported' };
    g.drawImage(video, 0, 0, canvas.width, canvas.height);
    const variance = Math.round(lumaVariance(g.getImageData(0, 0, canvas.width, canvas.height).data) * 100) / 100;
    video.srcObject = null;
    return variance >= MIN_FRAME_VARIANCE
      ? { result: 'pass', variance, width, height }
      : { result: 'fail', variance, width, height, error: 'blank' };
  } catch (error) {
    return { result: 'fail', error: errorCode(error) };
  } finally {
    stream?.getTracks().forEach((t) => t.stop());
  }
}

async function running(context: AudioContext): Promise<boolean> {
  if (context.state !== 'running') await withTimeout(context.resume(), 2_000).catch(() => undefined);
  return context.state === 'running';
}

async function microphoneCheck(): Promise<SelfTestResult['microphone']> {
  let stream: MediaStream | undefined;
  let context: AudioContext | undefined;
  try {
    if (!navigator.mediaDevices?.getUserMedia) return { result: 'fail', error: 'unsupported' };
    stream = await withTimeout(
      navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        video: false,
      }),
    );
    context = new AudioContext();
    if (!(await running(context))) return { result: 'fail', error: 'not_allowed' };
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const buffer = new Float32Array(analyser.fftSize);
    const levels: number[] = [];
    // ~1 s: 20 windows of 2048 samples, 50 ms apart.
    for (let i = 0; i < 20; i++) {
      await sleep(50);
      analyser.getFloatTimeDomainData(buffer);
      levels.push(rms(buffer));
    }
    const level = Math.round(Math.sqrt(levels.reduce((s, l) => s + l * l, 0) / levels.length) * 1e6) / 1e6;
    return level >= MIN_MICROPHONE_RMS ? { result: 'pass', rms: level } : { result: 'fail', rms: level, error: 'silent' };
  } catch (error) {
    return { result: 'fail', error: errorCode(error) };
  } finally {
    stream?.getTracks().forEach((t) => t.stop());
    await context?.close().catch(() => undefined);
  }
}

async function speakerCheck(): Promise<SelfTestResult['speaker']> {
  let context: AudioContext | undefined;
  try {
    context = new AudioContext();
    if (!(await running(context))) return { result: 'fail', played: false, error: 'not_allowed' };
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = 440;
    gain.gain.value = 0.1; // audible at the booth, not startling
    oscillator.connect(gain).connect(context.destination);
    const ended = new Promise<void>((resolve) => oscillator.addEventListener('ended', () => resolve()));
    const startedAt = context.currentTime;
    oscillator.start();
    oscillator.stop(startedAt + 0.6);
    await withTimeout(ended, 3_000);
    // The audio clock moved on by the tone's length: it really played through the output.
    const played = context.currentTime - startedAt >= 0.5;
    return played ? { result: 'pass', played } : { result: 'fail', played, error: 'other' };
  } catch (error) {
    return { result: 'fail', played: false, error: errorCode(error) };
  } finally {
    await context?.close().catch(() => undefined);
  }
}

async function livekitCheck(livekitUrl: string): Promise<SelfTestResult['livekit']> {
  const httpUrl = livekitHttpUrl(livekitUrl);
  if (!httpUrl) return { result: 'skipped', error: 'unsupported' };
  const started = performance.now();
  try {
    const httpStatus = await probeLiveKit(httpUrl, 5_000);
    const ms = Math.round(performance.now() - started);
    return { result: 'pass', httpStatus, ms };
  } catch (error) {
    return { result: 'fail', ms: Math.round(performance.now() - started), error: errorCode(error) };
  }
}

async function networkCheck(api: BoothApi): Promise<SelfTestResult['network']> {
  const rtts: number[] = [];
  let failure: CheckError | undefined;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    try {
      await withTimeout(api.me(), 5_000);
      rtts.push(performance.now() - started);
    } catch (error) {
      failure = errorCode(error);
    }
  }
  const rttMs = median(rtts);
  if (rttMs === undefined) return { result: 'fail', samples: 0, error: failure ?? 'unreachable' };
  const rounded = Math.round(rttMs * 10) / 10;
  // Over a second per round trip, a call cannot work well.
  return rounded < 1_000 && rtts.length === 5
    ? { result: 'pass', rttMs: rounded, samples: rtts.length }
    : { result: 'fail', rttMs: rounded, samples: rtts.length, error: failure ?? 'timeout' };
}

export async function runSelfTest(api: BoothApi, livekitUrl: string): Promise<SelfTestResult> {
  // One at a time: the camera and microphone checks must not fight over devices.
  const camera = await cameraCheck();
  const microphone = await microphoneCheck();
  const speaker = await speakerCheck();
  const livekit = await livekitCheck(livekitUrl);
  const network = await networkCheck(api);
  return { camera, microphone, speaker, livekit, network };
}
