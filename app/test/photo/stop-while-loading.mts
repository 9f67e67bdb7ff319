/**
 * A process that stops face detectors while their models are still loading, the two ways that
 * happens: closed (a server stopped right after its start) and timed out (a stuck call), then says
 * "stopped". Run in a child process by face.server.test.ts: a detector that terminates its worker
 * inside onnxruntime's native code aborts the whole process ("terminate called after throwing an
 * instance of 'Napi::Error'").
 */
import { FaceDetector } from '../../server/photos/face.server';

const delays = [100, 150, 200, 250, 300, 150];
for (const ms of delays) {
  const detector = new FaceDetector();
  void detector.warmUp().catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, ms));
  await detector.close();
}
for (const ms of delays) {
  const detector = new FaceDetector({ detectMs: ms, loadMs: ms });
  await detector.warmUp().catch(() => undefined);
  // The timed-out worker ends by itself once its load returns; give it the time to.
  await new Promise((resolve) => setTimeout(resolve, 400));
  await detector.close();
}
process.stdout.write('stopped\n');
