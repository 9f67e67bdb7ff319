/**
 * How the e2e suite and the call benchmark start Debian's Chromium (Playwright's own browser
 * download cannot work here): fake camera and microphone, real host candidates on the
 * namespace's veth instead of mDNS names, and no background traffic.
 * FAKE_VIDEO_CAPTURE_FILE (set by run-e2e.ts and bench/photo-e2e.ts) feeds the fake camera a
 * .y4m/.mjpeg — a face, for the photo step — instead of Chromium's test pattern.
 */
import { readFileSync } from 'node:fs';

const fakeVideo = process.env.FAKE_VIDEO_CAPTURE_FILE;

/**
 * The flags a booth's browser runs with (booth-client/kiosk/chromium-flags.txt, which the kiosk's
 * start-booth.sh reads too): the fault tests' booth browser runs with exactly these.
 */
export const boothChromiumFlags = readFileSync(new URL('../booth-client/kiosk/chromium-flags.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--autoplay-policy=no-user-gesture-required',
    '--disable-features=WebRtcHideLocalIpsWithMdns',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    ...(fakeVideo ? [`--use-file-for-fake-video-capture=${fakeVideo}`] : []),
  ],
};
