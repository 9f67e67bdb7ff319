/**
 * Where the face mesh lies in the detector's box (crop.ts, MESH_IN_DETECTOR_BOX), measured the way
 * the pipeline gets both: the 480-px detection copy of the upright still, the detector's boxes
 * from `onDetector` (the largest, as decodeEarly takes it) and the counted face's mesh
 * (landmarksOf). Then each input's progressive variant through the pipeline: whether the frame lay
 * in the area decoded early. Run: `npx tsx bench/photo-meshbox.ts` (about a minute).
 */
import sharp from 'sharp';
import { MESH_IN_DETECTOR_BOX } from '../app/domain/photo/crop';
import { countedFaces, landmarksOf } from '../app/domain/photo/face';
import type { DetectorBox } from '../app/domain/photo/face-model';
import { FaceDetector } from '../app/server/photos/face.server';
import { createPhotoPipeline, detectionCopyOf } from '../app/server/photos/pipeline.server';
import { plainBackgroundPortrait, portrait, variants } from '../app/test/photo/fixtures';
import { composedInput } from './photo-inputs';

async function inputs(): Promise<[string, Buffer][]> {
  const plain = await plainBackgroundPortrait();
  return [
    ['good', await portrait('good')],
    ['eyesDown', await portrait('eyesDown')],
    ['turned', await portrait('turned')],
    ['plain', plain],
    ['plain sideways (EXIF)', await variants.sidewaysWithExif(plain)],
    ['plain P3', await variants.displayP3(plain)],
    ['plain blurred', await variants.blurred(plain)],
    ['plain exposed 0.3', await variants.exposed(plain, 0.3)],
    ['plain exposed 1.8+40', await variants.exposed(plain, 1.8, 40)],
    ['plain half shadow', await variants.halfShadow(plain)],
    ['plain striped top', await variants.stripedTop(plain)],
    ['plain grey', await variants.grey(plain)],
    ['plain 3000×4000', await sharp(plain).resize(3000, 4000).jpeg({ quality: 90 }).toBuffer()],
    ['bench 12 MP', (await composedInput('12mp', 4000, 3000)).jpeg],
    ['bench 720p', (await composedInput('720p', 1280, 720)).jpeg],
  ];
}

const f2 = (v: number) => v.toFixed(3);

async function main() {
  const detector = new FaceDetector();
  await detector.warmUp();
  const pipeline = createPhotoPipeline({ decode: 'after-detection' });
  await pipeline.warmUp();
  const rows: string[] = [];
  const sources: string[] = [];
  const all = { top: [] as number[], chin: [] as number[], face: [] as number[], off: [] as number[] };
  try {
    for (const [name, jpeg] of await inputs()) {
      const copy = await detectionCopyOf(sharp(jpeg).rotate());
      let boxes: readonly DetectorBox[] = [];
      const faces = await detector.detect(copy, { onDetector: (b) => (boxes = b) });
      const counted = countedFaces(faces);
      if (counted.length !== 1 || boxes.length === 0) {
        rows.push(`| ${name} | ${counted.length} faces, ${boxes.length} boxes | | | | |`);
        continue;
      }
      const box = boxes.reduce((a, b) => (b.box.width > a.box.width ? b : a)).box;
      const side = Math.max(box.width, box.height);
      const l = landmarksOf(counted[0]!);
      const top = (l.meshTop - box.top) / side;
      const chin = (box.top + box.height - l.chin) / side;
      const face = (l.chin - l.meshTop) / side;
      const off = (l.centreX - (box.left + box.width / 2)) / side;
      all.top.push(top);
      all.chin.push(chin);
      all.face.push(face);
      all.off.push(off);
      // Progressive, keeping the EXIF orientation (fixtures' variants.progressive drops it).
      const progressive = await sharp(jpeg).withMetadata().jpeg({ quality: 92, progressive: true }).toBuffer();
      const photo = await pipeline.process(progressive);
      const factor = (photo.source?.width ?? 0) / copy.width;
      const r = (v: number) => Math.round(v * factor);
      sources.push(
        `${name}: box ${JSON.stringify({ left: r(box.left), top: r(box.top), width: r(box.width), height: r(box.height) })} crop ${JSON.stringify(photo.crop)} source ${JSON.stringify(photo.source)}`,
      );
      const early = photo.earlyArea ? `${photo.decodedEarly} (${photo.earlyArea.width}×${photo.earlyArea.height})` : 'none';
      rows.push(
        `| ${name} | ${copy.width}×${copy.height}, box ${f2(side)} | ${f2(top)} | ${f2(chin)} | ${f2(face)} | ${f2(off)} | ${early} |`,
      );
    }
  } finally {
    await Promise.all([detector.close(), pipeline.close()]);
  }
  console.log('constants:', JSON.stringify(MESH_IN_DETECTOR_BOX));
  console.log(
    '| input | detection copy, box side (px) | forehead below top | chin above bottom | forehead to chin | centre offset | progressive: decodedEarly (area) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  for (const line of sources) console.log(line);
  const range = (v: number[]) => `${f2(Math.min(...v))}–${f2(Math.max(...v))}`;
  console.log(
    `ranges: forehead below top ${range(all.top)}, chin above bottom ${range(all.chin)}, forehead to chin ${range(all.face)}, centre offset ${range(all.off)}`,
  );
}

await main();
