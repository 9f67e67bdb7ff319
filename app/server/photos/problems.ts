/**
 * Every way a face photo is refused, in one place: each a Problem with a stable code and a message
 * in Japanese and English that tells the operator (or the booth) what to do. Nothing here imports
 * the photo service or its store, so both can use it (it used to live in four files).
 */

import type { ApprovalRefusal } from '../../domain/photo/approval';
import { type PhotoCheck, photoCheckLabels } from '../../domain/photo/checks';
import { Problem } from '../platform/problems';

/** The pipeline's memory budget is full and its queue too: the booth may send again shortly (503). */
export const pipelineBusy = () =>
  new Problem(503, 'photo_pipeline_busy', {
    ja: '写真の処理が混み合っています。数秒後にもう一度送ってください。',
    en: 'Photo processing is busy. Send the photo again in a few seconds.',
  });

/** Refusals of the photo service and its routes (upload, approval, download). */
export const photoProblems = {
  notFound: () => new Problem(404, 'photo_not_found', { ja: '指定された写真はありません。', en: 'No such photo.' }),
  notAllowed: () =>
    new Problem(409, 'photo_not_allowed', {
      ja: '写真を撮影できるのは、オペレーターと通話中のマイナンバーカード申請（新規・更新・紛失再交付）のセッションだけです。',
      en: 'Photos can be taken only during an active call with an operator for a My Number Card application (new, renewal, lost-card reissue).',
    }),
  busy: () =>
    new Problem(409, 'photo_busy', {
      ja: '前の写真を処理中です。処理が終わってから撮り直してください。',
      en: 'The previous photo is still being processed. Wait for it before taking another.',
    }),
  state: (status: string) =>
    new Problem(409, 'photo_state_conflict', {
      ja: `この写真は現在「${status}」のため、この操作はできません。`,
      en: `The photo is ${status}, so this cannot be done now.`,
    }),
  alreadyDownloaded: () =>
    new Problem(410, 'photo_already_downloaded', {
      ja: 'この写真はすでにダウンロードされています。ダウンロードは 1 回だけです。必要なら撮り直してください。',
      en: 'This photo has already been downloaded; it can be downloaded once only. Retake it if you need it again.',
    }),
  /** A refused approval (domain/photo/approval.ts), naming the checks in both languages. */
  approval: (refusal: ApprovalRefusal, checks: readonly PhotoCheck[]) => {
    const names = (lang: 'ja' | 'en') => checks.map((c) => photoCheckLabels[c.id][lang]).join(lang === 'ja' ? '、' : ', ');
    const errors = checks.map((c) => ({ path: `checks.${c.id}`, message: `${c.reason.ja} / ${c.reason.en}` }));
    switch (refusal) {
      case 'checks_missing':
        return new Problem(422, 'photo_checks_missing', {
          ja: `この写真は判定されていない項目（${names('ja')}）があるため承認できません。撮り直してください。`,
          en: `This photo cannot be approved: some checks were not judged (${names('en')}). Retake it.`,
        });
      case 'override_invalid':
        return new Problem(
          422,
          'photo_override_invalid',
          {
            ja: `次の項目は、その理由では例外として承認できません：${names('ja')}。`,
            en: `These checks cannot be overridden for that reason: ${names('en')}.`,
          },
          errors,
        );
      case 'checks_failed':
        return new Problem(
          422,
          'photo_checks_failed',
          {
            ja: `不可の項目（${names('ja')}）があるため承認できません。撮り直してください。`,
            en: `This photo failed checks (${names('en')}) and cannot be approved. Retake it.`,
          },
          errors,
        );
      case 'warnings_unconfirmed':
        return new Problem(
          409,
          'photo_warnings_unconfirmed',
          {
            ja: `注意の項目（${names('ja')}）を確認したうえで承認してください。`,
            en: `Confirm the warnings (${names('en')}) before approving.`,
          },
          errors,
        );
    }
  },
  unsupportedType: () =>
    new Problem(415, 'photo_unsupported_type', {
      ja: '写真は JPEG（Content-Type: image/jpeg）で送ってください。',
      en: 'Send the photo as JPEG (Content-Type: image/jpeg).',
    }),
  /** The upload is over PHOTO_MAX_BYTES (refused before it is read to the end). */
  tooLarge: (maxBytes: number) =>
    new Problem(413, 'photo_too_large', {
      ja: `写真のファイルが大きすぎます（上限 ${Math.floor(maxBytes / 1_000_000)} MB）。`,
      en: `The photo file is too large (limit ${Math.floor(maxBytes / 1_000_000)} MB).`,
    }),
};

/** Why an uploaded photo was refused before processing (its header, format, size). */
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
