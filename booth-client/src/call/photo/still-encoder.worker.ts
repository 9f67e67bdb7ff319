/**
 * Encodes the application photo's still as JPEG off the page's main thread (capture.ts).
 *
 * Why a worker: on the main thread, Chromium encodes a canvas's JPEG (toBlob, and
 * OffscreenCanvas.convertToBlob alike) in idle periods only, and waits up to a second for the first
 * one (Blink's CanvasAsyncBlobCreator, kIdleTaskStartTimeoutDelayMs = 1000 on desktop). A kiosk
 * playing its camera preview on a busy CPU often has no idle period, so the still took 1–1.4 s
 * instead of ≈ 50 ms (bench:photo part (c)). In a worker the same encoder (same quality) runs at once.
 *
 * In: the still's ImageBitmap (transferred) and the JPEG quality. Out: the JPEG Blob, or an error.
 * Keeps no pixels between requests.
 */
export type StillEncodeRequest = { id: number; bitmap: ImageBitmap; quality: number };
export type StillEncodeResult = { id: number; blob: Blob } | { id: number; error: string };

self.onmessage = async (event: MessageEvent<StillEncodeRequest>) => {
  const { id, bitmap, quality } = event.data;
  let canvas: OffscreenCanvas | null = null;
  try {
    canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas in the worker');
    context.drawImage(bitmap, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    self.postMessage({ id, blob } satisfies StillEncodeResult);
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies StillEncodeResult);
  } finally {
    bitmap.close();
    // Let the browser drop the pixels at once: this is a face.
    if (canvas) {
      canvas.width = 0;
      canvas.height = 0;
    }
  }
};
