/**
 * The check-in screen's camera (issue 17): the booth camera shown as a preview, and QR codes read
 * from it in the browser (jsQR) a few times a second from a small canvas. The camera is this
 * screen's alone: it is stopped when the screen goes away (the call opens its own later,
 * call/local-media.ts). Nothing is recorded or sent but the code found.
 */
import jsQR from 'jsqr';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { codeFromScan } from '../journey/reservation-code';

/** How often a frame is read: enough to feel instant, little CPU on a kiosk. */
export const SCAN_INTERVAL_MS = 250;
/** Frames are scaled down to this width before decoding (a phone's QR code held up is large). */
const SCAN_WIDTH = 640;

export type CameraState = 'starting' | 'on' | 'off';

/** Shows the camera in `video` and calls `onCode` with each code read (the screen acts on the first). */
export function useQrReader(onCode: (code: string) => void): { video: RefObject<HTMLVideoElement>; camera: CameraState } {
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>('starting');
  const latest = useRef(onCode);
  latest.current = onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let gone = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });

    const scan = () => {
      const el = video.current;
      if (!el || !context || el.readyState < 2 || el.videoWidth === 0) return;
      const scale = Math.min(1, SCAN_WIDTH / el.videoWidth);
      canvas.width = Math.round(el.videoWidth * scale);
      canvas.height = Math.round(el.videoHeight * scale);
      context.drawImage(el, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
      const code = found ? codeFromScan(found.data) : null;
      if (code) latest.current(code);
    };

    navigator.mediaDevices
      ?.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then((s) => {
        if (gone) {
          for (const t of s.getTracks()) t.stop();
          return;
        }
        stream = s;
        const el = video.current;
        if (el) {
          el.srcObject = s;
          void el.play().catch(() => undefined);
        }
        setCamera('on');
        timer = setInterval(scan, SCAN_INTERVAL_MS);
      })
      .catch(() => {
        if (!gone) setCamera('off');
      }) ?? setCamera('off');

    return () => {
      gone = true;
      clearInterval(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
      if (video.current) video.current.srcObject = null;
    };
  }, []);

  return { video, camera };
}
