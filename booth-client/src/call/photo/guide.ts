/**
 * The photo guide drawn over the camera picture, on the booth (mirrored preview) and on the
 * console (app/web/components/photo-panel.client.tsx draws the same figures): a 35:45 frame — the
 * J-LIS print is 45 mm × 35 mm — with the head top near the top of the frame and the chin where the
 * head fills 71–80 % of the frame's height, and a centre line.
 *
 * The frame is deliberately smaller than the picture: the booth uploads the whole still and the
 * server crops it (J-LIS crops again and rejects a photo without margin around the head).
 */
export const PHOTO_ASPECT = 35 / 45;
/** Share of the picture's height the frame takes (the rest is margin for the server's crop). */
export const FRAME_HEIGHT_SHARE = 0.86;
/** Lines inside the frame, as shares of its height from the top. */
export const GUIDE_LINES = {
  headTop: 0.1,
  chinMin: 0.1 + 0.71,
  chinMax: 0.1 + 0.8,
} as const;

/** Where the frame sits on a picture of width × height, as fractions of the picture (0–1). */
export interface GuideFrame {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function guideFrame(pictureWidth: number, pictureHeight: number): GuideFrame {
  if (!(pictureWidth > 0) || !(pictureHeight > 0)) return guideFrame(16, 9);
  // Height-bound on a landscape picture; width-bound on a picture narrower than the frame.
  let heightPx = pictureHeight * FRAME_HEIGHT_SHARE;
  let widthPx = heightPx * PHOTO_ASPECT;
  if (widthPx > pictureWidth * FRAME_HEIGHT_SHARE) {
    widthPx = pictureWidth * FRAME_HEIGHT_SHARE;
    heightPx = widthPx / PHOTO_ASPECT;
  }
  const width = widthPx / pictureWidth;
  const height = heightPx / pictureHeight;
  return { left: (1 - width) / 2, top: (1 - height) / 2, width, height };
}
