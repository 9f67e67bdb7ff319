import { createRoute, z } from '@hono/zod-openapi';
import { photoStatuses } from '@madoguchi/db';
import { overrideReasons } from '../../domain/photo/approval';
import { photoCheckIds } from '../../domain/photo/checks';
import { accountErrors, accountSecurity, boothErrors, boothSecurity, jsonContent, problem } from '../router';
import { Timestamp } from '../schemas';

const SessionParams = z.object({ sessionId: z.uuid().openapi({ param: { name: 'sessionId', in: 'path' } }) });
const PhotoParams = SessionParams.extend({ photoId: z.uuid().openapi({ param: { name: 'photoId', in: 'path' } }) });
const Level = z.enum(['pass', 'warn', 'fail']).openapi('PhotoCheckLevel');
const jpeg = (description: string) => ({
  description,
  content: { 'image/jpeg': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
});

const boothPhotoErrors = {
  401: boothErrors[401],
  404: problem("No such session or photo for this booth (another booth's session is missing too)"),
};
/** Only the operator on the call gets through; for everyone else the session does not exist. */
const operatorErrors = { 400: accountErrors[400], 401: accountErrors[401], 404: accountErrors[404], 409: accountErrors[409] };

export const PhotoCreated = z.object({ photoId: z.uuid(), attempt: z.number().int().positive(), level: Level }).openapi('PhotoCreated');

export const upload = createRoute({
  method: 'post',
  path: '/v1/booth/sessions/{sessionId}/photos',
  tags: ['booth', 'photos'],
  summary: 'The booth uploads a still for the face photo (raw JPEG body); processed at once',
  description:
    'Only during an active call with an operator for a card application. One at a time per session. The body is the camera still as image/jpeg, at most PHOTO_MAX_BYTES.',
  security: boothSecurity,
  request: {
    params: SessionParams,
    body: { required: true, content: { 'image/jpeg': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } } },
  },
  responses: {
    201: jsonContent(PhotoCreated, 'Processed: a candidate for the operator, with the overall check level'),
    ...boothPhotoErrors,
    409: problem('No active card-application call, or a photo is still processing (photo_busy)'),
    413: problem('Larger than PHOTO_MAX_BYTES'),
    415: problem('Not a JPEG'),
    422: problem(
      'A JPEG that cannot be used: too small, CMYK, truncated, …, or refused from its header before decoding: over PHOTO_MAX_PIXELS (photo_too_many_pixels) or PHOTO_MAX_SIDE a side (photo_side_too_long)',
    ),
    503: problem(
      'Photo processing is busy (photo_pipeline_busy): no room in the memory budget within PHOTO_QUEUE_WAIT_MS, or 8 photos already wait; nothing was stored, send again after Retry-After seconds',
    ),
  },
});

export const boothImage = createRoute({
  method: 'get',
  path: '/v1/booth/sessions/{sessionId}/photos/{photoId}/image',
  tags: ['booth', 'photos'],
  summary: 'The approved photo, shown to the resident while the call lasts (recorded in the ledger)',
  security: boothSecurity,
  request: { params: PhotoParams },
  responses: { 200: jpeg('The approved photo'), ...boothPhotoErrors },
});

export const PhotoSummary = z
  .object({
    photoId: z.uuid(),
    attempt: z.number().int(),
    status: z.enum(photoStatuses),
    level: Level.nullable(),
    checks: z.array(z.unknown()).openapi({ description: 'PhotoCheck[]: id, level, reason {ja, en}, value' }),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    bytes: z.number().int().nullable(),
    createdAt: Timestamp,
    approvedAt: Timestamp.nullable(),
    downloadedAt: Timestamp.nullable(),
  })
  .openapi('PhotoSummary');

export const list = createRoute({
  method: 'get',
  path: '/v1/console/sessions/{sessionId}/photos',
  tags: ['console', 'photos'],
  summary: "The session's photos and their checks (only for the operator on the call)",
  security: accountSecurity,
  request: { params: SessionParams },
  responses: {
    200: jsonContent(
      z.object({ photos: z.array(PhotoSummary), retakes: z.number().int() }).openapi('SessionPhotos'),
      'Photos, oldest attempt first',
    ),
    ...operatorErrors,
  },
});

export const operatorImage = createRoute({
  method: 'get',
  path: '/v1/console/sessions/{sessionId}/photos/{photoId}/image',
  tags: ['console', 'photos'],
  summary: 'The processed photo (candidate or approved), for the operator on the call (recorded in the ledger)',
  security: accountSecurity,
  request: { params: PhotoParams },
  responses: {
    200: jpeg('The processed photo'),
    ...operatorErrors,
    410: problem('Already downloaded (photo_already_downloaded): download once means the console cannot fetch it again'),
  },
});

const PhotoState = z.object({ photoId: z.uuid(), status: z.enum(photoStatuses) }).openapi('PhotoState');

const CheckId = z.enum(photoCheckIds).openapi('PhotoCheckId');

export const ApprovalRequest = z
  .strictObject({
    acknowledgedWarnings: z
      .array(CheckId)
      .max(photoCheckIds.length)
      .optional()
      .openapi({ description: 'The warned checks the operator has looked at and accepts: every warned check must be listed' }),
    overrides: z
      .array(z.strictObject({ check: CheckId, reason: z.enum(overrideReasons).openapi('PhotoOverrideReason') }))
      .max(photoCheckIds.length)
      .optional()
      .openapi({
        description:
          'Failing checks approved anyway: only eyes, exposure, shadow, pose, head_size, eyes_hidden and expression, each with a reason allowed for it (decisions 0013, 0033); recorded as session events and in the audit log',
      }),
  })
  .openapi('PhotoApprovalRequest');

export const approve = createRoute({
  method: 'post',
  path: '/v1/console/sessions/{sessionId}/photos/{photoId}/approve',
  tags: ['console', 'photos'],
  summary: "Approves a candidate that passes its checks; the session's other photos are deleted",
  description:
    'A failing check refuses the approval (422 photo_checks_failed) unless it is one that can misfire and is overridden with a reason; a photo with warnings needs every warned check in acknowledgedWarnings (409 photo_warnings_unconfirmed). Without a body: only a photo whose checks all pass.',
  security: accountSecurity,
  request: { params: PhotoParams, body: { required: false, content: { 'application/json': { schema: ApprovalRequest } } } },
  responses: {
    200: jsonContent(
      PhotoState.extend({
        acknowledged: z.array(CheckId),
        overrides: z.array(z.object({ check: CheckId, reason: z.enum(overrideReasons) })),
      }).openapi('PhotoApproved'),
      'Approved, with the warnings confirmed and the checks overridden',
    ),
    ...operatorErrors,
    409: problem('Not a candidate, another photo is approved, or warnings not confirmed (photo_warnings_unconfirmed)'),
    422: problem(
      'A failing check (photo_checks_failed), an override not allowed (photo_override_invalid), or checks never judged (photo_checks_missing)',
    ),
  },
});

export const retake = createRoute({
  method: 'post',
  path: '/v1/console/sessions/{sessionId}/photos/{photoId}/retake',
  tags: ['console', 'photos'],
  summary: 'Rejects the photo: its file is deleted now and the retake is counted',
  security: accountSecurity,
  request: { params: PhotoParams },
  responses: { 200: jsonContent(PhotoState, 'Retaken'), ...operatorErrors },
});

/** A POST, not a GET: using up the one download changes state, so no cross-site link may trigger it. */
export const download = createRoute({
  method: 'post',
  path: '/v1/console/sessions/{sessionId}/photos/{photoId}/download',
  tags: ['console', 'photos'],
  summary: 'The approved photo as a file, once (recorded in the ledger); a second download is refused',
  security: accountSecurity,
  request: { params: PhotoParams },
  responses: {
    200: jpeg('The approved photo (Content-Disposition: attachment)'),
    ...operatorErrors,
    410: problem('Already downloaded (photo_already_downloaded)'),
  },
});

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const exportLedger = createRoute({
  method: 'get',
  path: '/v1/ledger/export',
  tags: ['ledger'],
  summary: "A municipality's personal-data ledger (個人情報取扱台帳) for a period of days (Japan time), as CSV for Excel",
  security: accountSecurity,
  request: { query: z.object({ municipalityId: z.uuid(), from: Day, to: Day }) },
  responses: {
    200: {
      description:
        'text/csv; UTF-8 with BOM; header 日時,操作,種別,対象ID,セッションID,実施者種別,実施者; every entry of the period, streamed',
      content: { 'text/csv': { schema: z.string() } },
    },
    400: problem('Invalid period (from ≤ to, at most 366 days)'),
    401: accountErrors[401],
    403: accountErrors[403],
    404: accountErrors[404],
  },
});
