/**
 * Byte-level facts about an image file: what format its magic bytes say, and which JPEG segments
 * it carries before the image data. Used to reject input before any decoding, and to prove an
 * output JPEG is baseline and carries no EXIF/XMP/ICC (APP1/APP2) metadata.
 */

export type SniffedFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'heif' | 'avif' | 'tiff' | 'bmp' | 'pdf' | 'unknown';

const startsWith = (buf: Uint8Array, bytes: readonly number[], at = 0) =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (buf: Uint8Array, from: number, to: number) => String.fromCharCode(...buf.subarray(from, to));

export function sniffFormat(buf: Uint8Array): SniffedFormat {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (buf.length >= 12 && ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 12) === 'WEBP') return 'webp';
  if (buf.length >= 12 && ascii(buf, 4, 8) === 'ftyp') {
    const brand = ascii(buf, 8, 12);
    return brand.startsWith('avi') ? 'avif' : 'heif';
  }
  if (startsWith(buf, [0x49, 0x49, 0x2a, 0x00]) || startsWith(buf, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(buf, [0x42, 0x4d])) return 'bmp';
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  return 'unknown';
}

export interface JpegSegment {
  /** Marker byte after 0xFF, e.g. 0xe1 for APP1, 0xc0 for SOF0. */
  marker: number;
  /** Byte offset of the 0xFF. */
  offset: number;
  /** Segment length field (0 for markers without one). */
  length: number;
  /** For APPn: the identifier at the start of the payload, e.g. "Exif", "JFIF", "ICC_PROFILE". */
  identifier?: string;
}

/** The segments from SOI up to and including SOS (the header); throws when the structure is broken. */
export function jpegSegments(buf: Uint8Array): JpegSegment[] {
  if (!startsWith(buf, [0xff, 0xd8])) throw new Error('not a JPEG (no SOI marker)');
  const segments: JpegSegment[] = [{ marker: 0xd8, offset: 0, length: 0 }];
  let i = 2;
  while (i < buf.length) {
    if (buf[i] !== 0xff) throw new Error(`JPEG marker expected at byte ${i}`);
    while (buf[i] === 0xff && i < buf.length) i++; // fill bytes
    const marker = buf[i]!;
    const offset = i - 1;
    i++;
    if (marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      segments.push({ marker, offset, length: 0 });
      if (marker === 0xd9) return segments;
      continue;
    }
    if (i + 2 > buf.length) throw new Error('JPEG segment length runs past the end');
    const length = (buf[i]! << 8) | buf[i + 1]!;
    if (length < 2 || i + length > buf.length) throw new Error(`JPEG segment 0x${marker.toString(16)} runs past the end`);
    const segment: JpegSegment = { marker, offset, length };
    if (marker >= 0xe0 && marker <= 0xef) {
      const payload = buf.subarray(i + 2, Math.min(i + length, i + 2 + 32));
      const nul = payload.indexOf(0);
      segment.identifier = ascii(payload, 0, nul === -1 ? payload.length : nul);
    }
    segments.push(segment);
    i += length;
    if (marker === 0xda) return segments; // entropy-coded data follows
  }
  throw new Error('JPEG ended before the image data');
}

/** SOF markers: 0xc0 baseline, 0xc1 extended sequential, 0xc2 progressive, … (not 0xc4/0xc8/0xcc). */
export function frameMarker(segments: readonly JpegSegment[]): number | undefined {
  return segments.find((s) => s.marker >= 0xc0 && s.marker <= 0xcf && s.marker !== 0xc4 && s.marker !== 0xc8 && s.marker !== 0xcc)?.marker;
}

export interface JpegFileFacts {
  baseline: boolean;
  progressive: boolean;
  /** APP1 (EXIF, XMP) and APP2 (ICC, FlashPix) and any other APPn except JFIF/APP0, and COM. */
  metadataSegments: string[];
}

export function jpegFacts(buf: Uint8Array): JpegFileFacts {
  const segments = jpegSegments(buf);
  const sof = frameMarker(segments);
  const metadataSegments = segments
    .filter((s) => (s.marker >= 0xe1 && s.marker <= 0xef) || s.marker === 0xfe)
    .map((s) => (s.marker === 0xfe ? 'COM' : `APP${s.marker - 0xe0}${s.identifier ? `:${s.identifier}` : ''}`));
  return { baseline: sof === 0xc0, progressive: sof === 0xc2 || sof === 0xc6 || sof === 0xca || sof === 0xce, metadataSegments };
}
