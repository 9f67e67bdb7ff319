import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api';
import { type PhotoApi, type PhotoState, PhotoStep } from './PhotoStep';

const takeStill = vi.hoisted(() => vi.fn());
vi.mock('./capture', () => ({ takeStill, prepareStill: vi.fn() }));

const PHOTO_ID = '0b7c6a4e-2f7d-4c61-9a57-3d1f0e9b8a21';
const track = { readyState: 'live' } as MediaStreamTrack;

function setup(overrides: Partial<PhotoApi> = {}, blocked = false) {
  const states: PhotoState[] = [];
  const api: PhotoApi = {
    upload: vi.fn(async () => ({ photoId: PHOTO_ID })),
    image: vi.fn(async () => new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' })),
    ...overrides,
  };
  const step = new PhotoStep({
    api,
    cameraTrack: () => track,
    cameraBlocked: () => blocked,
    onChange: (s) => states.push(s),
    sleep: async () => undefined,
  });
  return { step, api, states };
}

afterEach(() => takeStill.mockReset());

describe('the booth photo step', () => {
  it('refuses to capture outside photo mode and takes nothing', async () => {
    const { step, api } = setup();
    expect(await step.capture(3)).toEqual({
      error: expect.objectContaining({ code: 'not_in_photo_mode' }),
    });
    expect(takeStill).not.toHaveBeenCalled();
    expect(api.upload).not.toHaveBeenCalled();
  });

  it('counts 3-2-1, takes the still from the camera track, uploads it and answers the photo id', async () => {
    const jpeg = new Blob(['x'], { type: 'image/jpeg' });
    takeStill.mockResolvedValue({
      blob: jpeg,
      method: 'takePhoto',
      width: 1280,
      height: 720,
    });
    const { step, api, states } = setup();
    step.setMode(true);
    expect(await step.capture(3)).toEqual({ photoId: PHOTO_ID });
    expect(states.filter((s) => s.phase === 'countdown').map((s) => s.countdown)).toEqual([3, 2, 1]);
    expect(takeStill).toHaveBeenCalledWith(track);
    expect(api.upload).toHaveBeenCalledWith(jpeg);
    expect(step.current.phase).toBe('taken');
  });

  it('skips the countdown when asked for 0 seconds', async () => {
    takeStill.mockResolvedValue({
      blob: new Blob(['x']),
      method: 'video',
      width: 1,
      height: 1,
    });
    const { step, states } = setup();
    step.setMode(true);
    await step.capture(0);
    expect(states.some((s) => s.phase === 'countdown')).toBe(false);
  });

  it('takes no photo while the PIN step has the camera off', async () => {
    const { step } = setup({}, true);
    step.setMode(true);
    expect(await step.capture(3)).toEqual({
      error: expect.objectContaining({ code: 'pin_privacy' }),
    });
    expect(takeStill).not.toHaveBeenCalled();
  });

  it('tells the operator why an upload was refused', async () => {
    takeStill.mockResolvedValue({
      blob: new Blob(['x']),
      method: 'video',
      width: 1,
      height: 1,
    });
    const { step } = setup({
      upload: vi.fn(async () => Promise.reject(new ApiError(409, 'photo_busy', 'busy'))),
    });
    step.setMode(true);
    const answer = await step.capture(0);
    expect(answer).toEqual({
      error: expect.objectContaining({ code: 'photo_busy' }),
    });
    expect(step.current.phase).toBe('failed');
  });

  it('answers "busy" to a second capture while one is under way', async () => {
    let release!: () => void;
    takeStill.mockReturnValue(
      new Promise(
        (resolve) =>
          (release = () =>
            resolve({
              blob: new Blob(['x']),
              method: 'video',
              width: 1,
              height: 1,
            })),
      ),
    );
    const { step } = setup();
    step.setMode(true);
    const first = step.capture(0);
    expect(await step.capture(0)).toEqual({
      error: expect.objectContaining({ code: 'busy' }),
    });
    release();
    expect(await first).toEqual({ photoId: PHOTO_ID });
  });

  it('shows the approved photo and lets go of it when photo mode ends or the call ends', async () => {
    const revoke = vi.spyOn(URL, 'revokeObjectURL');
    const { step, api } = setup();
    step.setMode(true);
    await step.show(PHOTO_ID);
    expect(api.image).toHaveBeenCalledWith(PHOTO_ID);
    const url = step.current.approvedUrl;
    expect(url).toMatch(/^blob:/);
    step.setMode(false);
    expect(revoke).toHaveBeenCalledWith(url);
    expect(step.current.approvedUrl).toBeNull();

    step.setMode(true);
    await step.show(PHOTO_ID);
    const second = step.current.approvedUrl;
    step.dispose();
    expect(revoke).toHaveBeenCalledWith(second);
    expect(step.current.approvedUrl).toBeNull();
    revoke.mockRestore();
  });
});
