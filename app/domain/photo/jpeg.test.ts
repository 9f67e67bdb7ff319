import { describe, expect, it } from 'vitest';
import { frameMarker, jpegFacts, jpegSegments, sniffFormat } from './jpeg';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
/** A segment: marker, 2-byte length, payload. */
const seg = (marker: number, payload: number[] | string) => {
  const body = typeof payload === 'string' ? [...payload].map((c) => c.charCodeAt(0)) : payload;
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
};
const SOI = [0xff, 0xd8];
const sof = (marker: number) => seg(marker, [8, 0, 16, 0, 16, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
const sos = seg(0xda, [3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0]);

describe('sniffFormat', () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xe0], 'jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'png'],
    [[...'GIF89a'].map((c) => c.charCodeAt(0)), 'gif'],
    [[...bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')], 'webp'],
    [[...bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0])], 'heif'],
    [[...bytes([0, 0, 0, 24], 'ftypmif1')], 'heif'],
    [[...bytes([0, 0, 0, 24], 'ftypavif')], 'avif'],
    [[0x49, 0x49, 0x2a, 0x00], 'tiff'],
    [[0x4d, 0x4d, 0x00, 0x2a], 'tiff'],
    [[0x42, 0x4d, 0, 0], 'bmp'],
    [[...'%PDF-1.7'].map((c) => c.charCodeAt(0)), 'pdf'],
    [[...'hello, world'].map((c) => c.charCodeAt(0)), 'unknown'],
    [[], 'unknown'],
    [[0xff, 0xd8], 'unknown'],
  ] as const)('%j → %s', (input, format) => {
    expect(sniffFormat(Uint8Array.from(input))).toBe(format);
  });
});

describe('jpegSegments / jpegFacts', () => {
  it('reads a baseline JPEG header with JFIF only as clean', () => {
    const file = bytes(SOI, seg(0xe0, 'JFIF\0\x01\x01'), sof(0xc0), sos, [0x12, 0x34, 0xff, 0xd9]);
    const segments = jpegSegments(file);
    expect(segments.map((s) => s.marker)).toEqual([0xd8, 0xe0, 0xc0, 0xda]);
    expect(segments[1]!.identifier).toBe('JFIF');
    expect(frameMarker(segments)).toBe(0xc0);
    expect(jpegFacts(file)).toEqual({ baseline: true, progressive: false, metadataSegments: [] });
  });

  it('names EXIF, XMP, ICC and comment segments as metadata', () => {
    const file = bytes(
      SOI,
      seg(0xe1, 'Exif\0\0MM'),
      seg(0xe1, 'http://ns.adobe.com/xap/1.0/\0<x/>'),
      seg(0xe2, 'ICC_PROFILE\0\x01\x01'),
      seg(0xed, 'Photoshop 3.0\0'),
      seg(0xfe, 'made by a camera'),
      sof(0xc0),
      sos,
    );
    expect(jpegFacts(file).metadataSegments).toEqual([
      'APP1:Exif',
      'APP1:http://ns.adobe.com/xap/1.0/',
      'APP2:ICC_PROFILE',
      'APP13:Photoshop 3.0',
      'COM',
    ]);
  });

  it('tells progressive from baseline, skipping DHT (0xc4) which is not a frame', () => {
    const progressive = bytes(SOI, seg(0xc4, [0, 0]), sof(0xc2), sos);
    expect(frameMarker(jpegSegments(progressive))).toBe(0xc2);
    expect(jpegFacts(progressive)).toMatchObject({ baseline: false, progressive: true });
    const extended = bytes(SOI, sof(0xc1), sos);
    expect(jpegFacts(extended)).toMatchObject({ baseline: false, progressive: false });
  });

  it('skips fill bytes before a marker', () => {
    const file = bytes(SOI, [0xff, 0xff], seg(0xe0, 'JFIF\0'), sof(0xc0), sos);
    expect(jpegSegments(file).map((s) => s.marker)).toEqual([0xd8, 0xe0, 0xc0, 0xda]);
  });

  it('throws on broken structure', () => {
    expect(() => jpegSegments(bytes([0x89, 0x50]))).toThrow(/SOI/);
    expect(() => jpegSegments(bytes(SOI, [0x00, 0x01]))).toThrow(/marker expected/);
    expect(() => jpegSegments(bytes(SOI, [0xff, 0xe1, 0x10, 0x00, 1, 2]))).toThrow(/past the end/);
    expect(() => jpegSegments(bytes(SOI, seg(0xe0, 'JFIF\0')))).toThrow(/ended before the image data/);
  });
});
