import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../host/audio/testing/oracle';
import { encodePng, MARK_SVG, parseMark, rasterizeMark, writeAppIcon } from './app-icon';
import { REPO_ROOT } from './bundle';

/** The PNG decoded by ffmpeg (the oracle) to straight RGBA bytes. */
function decodePng(file: string): { width: number; height: number; rgba: Buffer } {
  const probe = runTool('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=width,height',
    '-of',
    'csv=p=0',
    file,
  ]);
  const [width = 0, height = 0] = probe.stdout.toString().trim().split(',').map(Number);
  const raw = runTool('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-']);
  return { width, height, rgba: raw.stdout };
}

describe('app icon', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rt-icon-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('draws the UI mark into a PNG that decodes to exactly its pixels, with the mark where the SVG puts it', async () => {
    const file = await writeAppIcon(REPO_ROOT, dir, 64);
    const { width, height, rgba } = decodePng(file);
    expect([width, height]).toEqual([64, 64]);
    const mark = parseMark(await fs.readFile(path.join(REPO_ROOT, MARK_SVG), 'utf8'));
    expect(Buffer.from(rasterizeMark(mark, 64)).equals(rgba)).toBe(true);

    // viewBox 0 0 32 32 drawn at 64 px: 2 px per unit.
    const pixel = (x: number, y: number) => [...rgba.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 4)];
    expect(pixel(0, 0)[3]).toBe(0); // outside the disc: transparent
    expect(pixel(32, 32)).toEqual([0x1b, 0x1f, 0x24, 255]); // the table's middle: the disc's fill
    expect(pixel(45, 32)).toEqual([0xf5, 0xa5, 0x24, 255]); // on the ring (radius 6.5)
    expect(pixel(32, 11)).toEqual([0x4f, 0xb3, 0xff, 255]); // the top voice
    // The disc's rim is anti-aliased: on the diagonal it crosses pixels part way.
    const rim = pixel(10, 9)[3] ?? 0;
    expect(rim).toBeGreaterThan(0);
    expect(rim).toBeLessThan(255);
  });

  it('encodes any size as a valid PNG (installers need 256 px or more)', () => {
    const pixels = new Uint8Array(300 * 2 * 4).map((_, i) => (i * 7) % 256);
    const file = path.join(dir, 'strip.png');
    return fs.writeFile(file, encodePng(pixels, 300, 2)).then(() => {
      const decoded = decodePng(file);
      expect([decoded.width, decoded.height]).toEqual([300, 2]);
      expect(decoded.rgba.equals(Buffer.from(pixels))).toBe(true);
    });
  });

  it('says what it cannot draw instead of drawing something else', () => {
    const svg = (body: string) => `<svg viewBox="0 0 32 32">${body}</svg>`;
    expect(() => parseMark(svg('<rect x="1" y="1" width="3" height="3"/>'))).toThrow(/circles only.*<rect/);
    expect(() => parseMark(svg('<circle cx="1" cy="1" r="1" fill="red"/>'))).toThrow(/#rrggbb.*"red"/);
    expect(() => parseMark(svg('<circle cx="1" r="1"/>'))).toThrow(/numeric cy/);
    expect(() => parseMark('<svg><circle cx="1" cy="1" r="1"/></svg>')).toThrow(/viewBox/);
  });
});
