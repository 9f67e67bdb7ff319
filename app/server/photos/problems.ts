/**
 * Why an uploaded photo was refused before processing: each a Problem with a stable code and a
 * message in Japanese and English that tells the operator what to do.
 */
import { Problem } from '../platform/problems';

export const photoInputProblems = {
  unsupportedFormat: (found: string) =>
    new Problem(415, 'photo_unsupported_format', {
      ja: `写真は JPEG 形式でアップロードしてください（受け取った形式: ${found}）。`,
      en: `Upload the photo as a JPEG (received: ${found}).`,
    }),
  unreadable: () =>
    new Problem(422, 'photo_unreadable', {
      ja: '写真のファイルが壊れているか途中で切れているため読み取れません。撮り直してください。',
      en: 'The photo file is damaged or truncated and cannot be read. Take the photo again.',
    }),
  colourSpace: (space: string) =>
    new Problem(422, 'photo_colour_space', {
      ja: `写真はカラー（RGB）で撮影してください（受け取った色空間: ${space}）。CMYK や白黒は使えません。`,
      en: `The photo must be in RGB colour (received: ${space}). CMYK and greyscale are not accepted.`,
    }),
  tooSmall: (width: number, height: number, minWidth: number, minHeight: number) =>
    new Problem(422, 'photo_too_small', {
      ja: `写真が小さすぎます（${width}×${height} ピクセル）。${minWidth}×${minHeight} ピクセル以上で撮影してください。`,
      en: `The photo is too small (${width}×${height} px). Capture at least ${minWidth}×${minHeight} px.`,
    }),
  sideTooLong: (width: number, height: number, limit: number) =>
    new Problem(422, 'photo_side_too_long', {
      ja: `写真の縦または横が長すぎます（${width}×${height}、1 辺の上限 ${limit} ピクセル）。カメラの解像度を下げて撮り直してください。`,
      en: `The photo is too long on one side (${width}×${height}; the limit is ${limit} px a side). Lower the camera resolution and retake.`,
    }),
  tooManyPixels: (width: number, height: number, limit: number) =>
    new Problem(422, 'photo_too_many_pixels', {
      ja: `写真の画素数が多すぎます（${width}×${height}、上限 ${Math.round(limit / 1e6)} メガピクセル）。カメラの解像度を下げて撮り直してください。`,
      en: `The photo has too many pixels (${width}×${height}; the limit is ${Math.round(limit / 1e6)} megapixels). Lower the camera resolution and retake.`,
    }),
};
