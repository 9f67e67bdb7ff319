import { describe, expect, it } from 'vitest';
import { photoHasMorePixels } from './capture';

describe('choosing takePhoto or a frame', () => {
  it('takes a photo when the camera offers more pixels than the track delivers', () => {
    expect(photoHasMorePixels({ width: 4032, height: 3024 }, { width: 1280, height: 720 })).toBe(true);
  });

  it('takes a frame when the photo size is no larger (e.g. a webcam or the fake camera at 1280×720)', () => {
    expect(photoHasMorePixels({ width: 1280, height: 720 }, { width: 1280, height: 720 })).toBe(false);
    expect(photoHasMorePixels({ width: 640, height: 480 }, { width: 1280, height: 720 })).toBe(false);
  });

  it('lets the camera decide when either size is unknown', () => {
    expect(photoHasMorePixels({}, { width: 1280, height: 720 })).toBe(true);
    expect(photoHasMorePixels({ width: 1920, height: 1080 }, {})).toBe(true);
  });
});
