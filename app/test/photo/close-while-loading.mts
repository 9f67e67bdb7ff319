/**
 * A process that starts face detectors and closes each while its models are still loading (the
 * way a server stopped right after its start does), then says "closed". Run in a child process by
 * face.server.test.ts: a detector that terminates its worker inside onnxruntime's native code
 * aborts the whole process ("terminate called after throwing an instance of 'Napi::Error'").
 */
import { FaceDetector } from '../../server/photos/face.server';

for (const ms of [100, 150, 200, 250, 300, 150]) {
  const detector = new FaceDetector();
  void detector.warmUp().catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, ms));
  await detector.close();
}
process.stdout.write('closed\n');
