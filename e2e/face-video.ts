/**
 * A face for Chromium's fake camera (`--use-file-for-fake-video-capture`): one frontal face from
 * the demo images shipped with @vladmandic/face-api, on a plain light background, written as a
 * one-frame Y4M (4:2:0) that Chromium loops. Made at start-up, so no video file lives in the repo.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { reposedToCheckZero } from '../app/test/photo/pose-faces';

export const FACE_VIDEO = { width: 1280, height: 720 } as const;

/** sample3.jpg: the woman in the middle, frontal, alone in this box (head ≈ 370 px tall). */
const SAMPLE = {
  file: 'sample3.jpg',
  left: 1000,
  top: 80,
  width: 400,
  height: 560,
} as const;

function samplePath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@vladmandic/face-api/package.json');
  return path.join(path.dirname(pkg), 'demo', SAMPLE.file);
}

let straightened: Promise<Buffer> | undefined;
/**
 * The sample's box with her head re-posed to the pose check's zero (as photographed she looks
 * ≈ 13° aside with her head tilted ≈ 10°, which ISO/IEC 19794-5 fails: decision 0033), by
 * app/test/photo/pose-faces.ts with the app's own face models; once per process (a few seconds).
 */
function straightSample(): Promise<Buffer> {
  straightened ??= sharp(samplePath())
    .extract({ left: SAMPLE.left, top: SAMPLE.top, width: SAMPLE.width, height: SAMPLE.height })
    .jpeg({ quality: 95 })
    .toBuffer()
    .then((jpeg) => reposedToCheckZero(jpeg));
  return straightened;
}

/**
 * The composed RGB picture (exported for the benchmark and for looking at it), from the sample
 * re-posed to the pose check's zero (straightSample: upright, looking at the camera; offline the
 * pipeline reads roll 3.5°, yaw −1.5°, pitch 1.3° from frontal: pose pass). `rotateDegrees` turns
 * it (clockwise) before it is composed (photo-guidance.spec.ts tilts it); `scale` enlarges it
 * (the person stands closer).
 */
export async function faceImage({ rotateDegrees = 0, scale = 1 } = {}): Promise<{
  data: Buffer;
  width: number;
  height: number;
}> {
  const { width: W, height: H } = FACE_VIDEO;
  const [w, h] = [Math.round(SAMPLE.width * scale), Math.round(SAMPLE.height * scale)];
  // A soft oval around head and shoulders: the sample's own room disappears into the plain wall.
  const mask = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
      <defs><filter id="f"><feGaussianBlur stdDeviation="14"/></filter></defs>
      <ellipse cx="${w / 2}" cy="${h * 0.44}" rx="${w * 0.43}" ry="${h * 0.42}" fill="#fff" filter="url(#f)"/>
      <rect x="${w * 0.08}" y="${h * 0.72}" width="${w * 0.84}" height="${h * 0.28}" fill="#fff" filter="url(#f)"/>
    </svg>`,
  );
  let sample = sharp(await straightSample());
  if (scale !== 1) sample = sharp(await sample.resize(w, h).toBuffer());
  if (rotateDegrees !== 0) {
    // Turned about the box's centre, then cut back to the box (the corners are masked anyway).
    const turned = await sample.rotate(rotateDegrees).raw().toBuffer({ resolveWithObject: true });
    const { width: tw, height: th, channels } = turned.info;
    sample = sharp(turned.data, { raw: { width: tw, height: th, channels } }).extract({
      left: Math.round((tw - w) / 2),
      top: Math.round((th - h) / 2),
      width: w,
      height: h,
    });
  }
  const portrait = await sample
    .ensureAlpha()
    .composite([{ input: mask, blend: 'dest-in' }])
    .png()
    .toBuffer();
  const { data, info } = await sharp({
    create: {
      width: W,
      height: H,
      channels: 3,
      background: { r: 232, g: 232, b: 228 },
    },
  })
    .composite([{ input: portrait, left: Math.round((W - w) / 2), top: H - h }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** RGB → Y4M 4:2:0 (BT.601, studio range), one frame. */
export function y4mFromRgb(rgb: Buffer, width: number, height: number): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`, 'ascii');
  return Buffer.concat([header, y4mFrame(rgb, width, height)]);
}

/** One Y4M frame (`FRAME` and the 4:2:0 planes) of an RGB picture. */
function y4mFrame(rgb: Buffer, width: number, height: number): Buffer {
  const y = Buffer.alloc(width * height);
  const cw = width / 2;
  const ch = height / 2;
  const u = Buffer.alloc(cw * ch);
  const v = Buffer.alloc(cw * ch);
  const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)));
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = (row * width + col) * 3;
      y[row * width + col] = clamp(16 + 0.257 * rgb[i]! + 0.504 * rgb[i + 1]! + 0.098 * rgb[i + 2]!);
    }
  }
  for (let row = 0; row < ch; row++) {
    for (let col = 0; col < cw; col++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dy, dx] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ] as const) {
        const i = ((row * 2 + dy) * width + col * 2 + dx) * 3;
        r += rgb[i]!;
        g += rgb[i + 1]!;
        b += rgb[i + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      u[row * cw + col] = clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      v[row * cw + col] = clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  return Buffer.concat([Buffer.from('FRAME\n', 'ascii'), y, u, v]);
}

/** Writes the face video into `dir` and returns its path. */
export async function writeFaceVideo(dir: string): Promise<string> {
  const { data, width, height } = await faceImage();
  const file = path.join(dir, 'face.y4m');
  writeFileSync(file, y4mFromRgb(data, width, height));
  return file;
}

/**
 * A face that turns: at one frame a second (Chromium's fake camera plays a Y4M at its header's
 * rate and loops), 4 s of the face tilted 12°, then 4 s of the same face upright and a little
 * closer. For the booth's guidance: one instruction (look straight), then ready. What the booth
 * reads offline (app/test/photo/booth-view.ts: the detector and the server's mesh, the frame
 * shrunk to 480 × 270 by sharp's nearest, linear and lanczos3; 5 Dec, evening): tilted head
 * 0.65 … 0.66, roll 14.4 … 14.9°, yaw −0.1 … 0.1°, pitch 3.0 … 3.9°; upright head 0.73, roll
 * −1.8 … −1.3°, yaw −2.3 … −2.1°, pitch 0.0 … 0.9°; the server's check on the full frames reads
 * roll 14.4°, yaw −0.1°, pitch 2.9° and −1.3°, −2.1°, 0.9°. Since the detector sees the frame padded
 * to a square (decision 0038, 5 Dec night; the check's zero found anew): tilted head 0.62, roll
 * 13.6°, yaw 2.6 … 3.2°, pitch 3.2 … 3.8° (look straight); upright head 0.66, roll −3.1 … −2.6°, yaw
 * −0.7°, pitch 1.7° (ready). ≈ 11 MB.
 */
export async function writeTurningFaceVideo(dir: string): Promise<string> {
  const tilted = await faceImage({ rotateDegrees: 12, scale: 1.05 });
  const upright = await faceImage({ rotateDegrees: -3, scale: 1.15 });
  const [a, b] = [y4mFrame(tilted.data, tilted.width, tilted.height), y4mFrame(upright.data, upright.width, upright.height)];
  const header = Buffer.from(`YUV4MPEG2 W${tilted.width} H${tilted.height} F1:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const file = path.join(dir, 'turning-face.y4m');
  writeFileSync(file, Buffer.concat([header, a, a, a, a, b, b, b, b]));
  return file;
}

/** The booth's wall with nobody in front of it: a picture the face checks must all fail. */
export async function writeEmptyWallVideo(dir: string): Promise<string> {
  const { width: W, height: H } = FACE_VIDEO;
  const data = await sharp({ create: { width: W, height: H, channels: 3, background: { r: 232, g: 232, b: 228 } } })
    .raw()
    .toBuffer();
  const file = path.join(dir, 'empty-wall.y4m');
  writeFileSync(file, y4mFromRgb(data, W, H));
  return file;
}
