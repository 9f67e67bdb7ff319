/**
 * A bitmap of the frame a <video> shows now, made so that no camera buffer is kept afterwards.
 *
 * Why not `createImageBitmap(video)`: Chromium paints a <video>'s frame for createImageBitmap (and
 * for a canvas's drawImage) through the video player's own painter, which caches the frame it
 * painted — the camera's capture buffer itself, not a copy — for 3 s after its last use. A camera
 * has four capture buffers in Chromium on Linux and drops every new frame while all four are held
 * (the preview's current frame, the call's encoder, and in the bench the console's camera too):
 * with the guidance taking a frame every 300 ms that cache held one buffer all the time, and the
 * still's own frame held another for 3 s after each capture. Measured with Chromium's fake camera
 * (20 fps) and two of its buffers already held: one `createImageBitmap(video)`, closed at once,
 * stopped the camera for 2.5–3 s (0 frames delivered, 10 dropped per 0.5 s); the same bitmap made
 * from a `VideoFrame` of the video, closed at once, stopped nothing (decision 0013).
 *
 * So the frame is taken as a `VideoFrame` (WebCodecs: the player's current frame, no painting), the
 * bitmap made from it, and the VideoFrame closed at once — the buffer goes back to the camera as
 * soon as the bitmap (a copy) exists. Without WebCodecs the video is used directly as before.
 */
export async function bitmapOfShownFrame(video: HTMLVideoElement, options?: ImageBitmapOptions): Promise<ImageBitmap> {
  if (typeof VideoFrame !== 'function') return createImageBitmap(video, options);
  const frame = new VideoFrame(video);
  try {
    return await createImageBitmap(frame, options);
  } finally {
    frame.close();
  }
}
