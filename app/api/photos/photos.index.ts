import { bodyLimit } from 'hono/body-limit';
import { photoProblems } from '../../server/photos/problems';
import type { AppContext } from '../../server/platform/context';
import { Problem } from '../../server/platform/problems';
import { textStream } from '../../server/platform/text-stream';
import { createRouter } from '../router';
import { iso } from '../schemas';
import * as routes from './photos.routes';

/** A face photo is never cached by a browser or a proxy. */
const imageHeaders = { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function photosRouter(ctx: AppContext) {
  const router = createRouter();
  // Refused from Content-Length, or as soon as the stream passes the limit: never read to the end.
  router.post(
    '/v1/booth/sessions/:sessionId/photos',
    bodyLimit({
      maxSize: ctx.env.PHOTO_MAX_BYTES,
      onError: () => {
        throw photoProblems.tooLarge(ctx.env.PHOTO_MAX_BYTES);
      },
    }),
  );

  return router
    .openapi(routes.upload, async (c) => {
      const { sessionId } = c.req.valid('param');
      // Another booth's session is missing whatever the body; nothing is read for a refused upload.
      await ctx.photos.checkUpload(c.get('booth'), sessionId);
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'image/jpeg') throw photoProblems.unsupportedType();
      const input = Buffer.from(await c.req.arrayBuffer());
      try {
        return c.json(await ctx.photos.upload(c.get('booth'), sessionId, input), 201);
      } catch (error) {
        // The pipeline's queue is full: the booth may send again shortly.
        if (Problem.is(error) && error.code === 'photo_pipeline_busy') c.header('Retry-After', '5');
        throw error;
      }
    })
    .openapi(routes.boothImage, async (c) => {
      const { sessionId, photoId } = c.req.valid('param');
      const jpeg = await ctx.photos.boothImage(c.get('booth'), sessionId, photoId);
      return c.body(new Uint8Array(jpeg), 200, imageHeaders);
    })
    .openapi(routes.list, async (c) => {
      const { photos, retakes } = await ctx.photos.list(c.get('account'), c.req.valid('param').sessionId);
      return c.json(
        {
          photos: photos.map((p) => ({
            ...p,
            createdAt: p.createdAt.toISOString(),
            approvedAt: iso(p.approvedAt),
            downloadedAt: iso(p.downloadedAt),
          })),
          retakes,
        },
        200,
      );
    })
    .openapi(routes.operatorImage, async (c) => {
      const { sessionId, photoId } = c.req.valid('param');
      const jpeg = await ctx.photos.operatorImage(c.get('account'), sessionId, photoId);
      return c.body(new Uint8Array(jpeg), 200, imageHeaders);
    })
    .openapi(routes.approve, async (c) => {
      const { sessionId, photoId } = c.req.valid('param');
      const result = await ctx.photos.approve(c.get('account'), sessionId, photoId, c.req.valid('json'), c.get('requestId'));
      return c.json(
        { photoId: result.photoId, status: result.status, acknowledged: result.acknowledged, overrides: result.overrides },
        200,
      );
    })
    .openapi(routes.retake, async (c) => {
      const { sessionId, photoId } = c.req.valid('param');
      return c.json(await ctx.photos.retake(c.get('account'), sessionId, photoId), 200);
    })
    .openapi(routes.download, async (c) => {
      const { sessionId, photoId } = c.req.valid('param');
      const { jpeg, fileName } = await ctx.photos.download(c.get('account'), sessionId, photoId);
      return c.body(new Uint8Array(jpeg), 200, { ...imageHeaders, 'Content-Disposition': `attachment; filename="${fileName}"` });
    })
    .openapi(routes.exportLedger, async (c) => {
      const query = c.req.valid('query');
      // Reach and period are checked before the first byte: a refusal is still a clear 4xx.
      const csv = await ctx.ledger.csv(c.get('account'), query, c.get('requestId'));
      return c.body(textStream(csv), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="ledger-${query.from}-${query.to}.csv"`,
        'Cache-Control': 'no-store',
      });
    });
}
