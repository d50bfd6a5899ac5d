/**
 * The desktop app's icon, drawn from the same mark as the UI's logo (renderer/public/mark.svg), so there is
 * one drawing and no committed binary. The mark is made of circles only; this reads them (fill and stroke,
 * in document order) and paints them into an RGBA PNG with 8x8 supersampling per pixel. The main process
 * uses it as the window icon, electron-builder as the installers' icon (it needs a PNG of 256 px or more).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';

export const MARK_SVG = 'renderer/public/mark.svg';
export const ICON_FILE = 'icon.png';
export const ICON_SIZE = 512;

export interface MarkCircle {
  cx: number;
  cy: number;
  r: number;
  fill: Rgb | null;
  stroke: Rgb | null;
  strokeWidth: number;
}

type Rgb = readonly [number, number, number];

export interface Mark {
  viewBox: { x: number; y: number; width: number; height: number };
  circles: MarkCircle[];
}

/** Reads the mark's viewBox and circles; anything it could not draw faithfully is an error naming it. */
export function parseMark(svg: string): Mark {
  const viewBox = /viewBox="([^"]+)"/
    .exec(svg)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (!viewBox || viewBox.length !== 4 || viewBox.some((v) => !Number.isFinite(v)) || viewBox[2]! <= 0)
    throw new Error('the mark needs a viewBox="x y width height"');
  const body = svg.replace(/<!--[\s\S]*?-->/g, '').replace(/<title>[\s\S]*?<\/title>/g, '');
  const shapes = [...body.matchAll(/<([a-zA-Z]+)\b([^>]*)>/g)].filter(([, tag]) => tag !== 'svg');
  const circles = shapes.map(([element, tag, attributes]) => {
    if (tag !== 'circle') throw new Error(`the icon can draw circles only; the mark has ${element}`);
    const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(attributes ?? '')?.[1];
    const number = (name: string, fallback?: number) => {
      const text = attribute(name);
      const value = text === undefined ? fallback : Number(text);
      if (value === undefined || !Number.isFinite(value))
        throw new Error(`${element} needs a numeric ${name}`);
      return value;
    };
    return {
      cx: number('cx'),
      cy: number('cy'),
      r: number('r'),
      fill: paint(attribute('fill') ?? '#000000', element),
      stroke: paint(attribute('stroke') ?? 'none', element),
      strokeWidth: number('stroke-width', 1),
    };
  });
  const [x, y, width, height] = viewBox as [number, number, number, number];
  return { viewBox: { x, y, width, height }, circles };
}

function paint(value: string, element: string): Rgb | null {
  if (value === 'none') return null;
  const hex = /^#([0-9a-fA-F]{6})$/.exec(value)?.[1];
  if (!hex) throw new Error(`the icon takes colours as #rrggbb or none; ${element} has "${value}"`);
  const channel = (at: number) => parseInt(hex.slice(at, at + 2), 16);
  return [channel(0), channel(2), channel(4)];
}

const SUPERSAMPLE = 8;

/** The mark as straight-alpha RGBA pixels, `size` by `size`. */
export function rasterizeMark(mark: Mark, size: number): Uint8Array {
  const { viewBox, circles } = mark;
  const scale = Math.max(viewBox.width, viewBox.height) / size;
  const pixels = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      // Premultiplied sums over the pixel's samples.
      let red = 0;
      let green = 0;
      let blue = 0;
      let covered = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = viewBox.x + (px + (sx + 0.5) / SUPERSAMPLE) * scale;
          const y = viewBox.y + (py + (sy + 0.5) / SUPERSAMPLE) * scale;
          const colour = topColourAt(circles, x, y);
          if (!colour) continue;
          red += colour[0];
          green += colour[1];
          blue += colour[2];
          covered++;
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      pixels[at] = Math.round(red / covered);
      pixels[at + 1] = Math.round(green / covered);
      pixels[at + 2] = Math.round(blue / covered);
      pixels[at + 3] = Math.round((covered / samples) * 255);
    }
  }
  return pixels;
}

/** The colour painted last at (x, y): later shapes cover earlier ones, a stroke covers its own fill. */
function topColourAt(circles: readonly MarkCircle[], x: number, y: number): Rgb | null {
  let colour: Rgb | null = null;
  for (const circle of circles) {
    // Math.sqrt of the sum, not Math.hypot: the same distance for these sizes, and several times faster in
    // V8, which made this loop (512 x 512 pixels, each supersampled) most of `npm run build:electron`.
    const dx = x - circle.cx;
    const dy = y - circle.cy;
    const distance = Math.sqrt(dx * dx + dy * dy);
    if (circle.fill && distance <= circle.r) colour = circle.fill;
    if (circle.stroke && Math.abs(distance - circle.r) <= circle.strokeWidth / 2) colour = circle.stroke;
  }
  return colour;
}

/** A PNG (8-bit RGBA, no interlace) of straight-alpha pixels. */
export function encodePng(pixels: Uint8Array, width: number, height: number): Buffer {
  if (pixels.length !== width * height * 4) throw new Error('encodePng: pixels do not match the size');
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter type 0 (none) in front of every row.
    rows.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Draws the mark into `<outDir>/icon.png`; returns its path. */
export async function writeAppIcon(rootDir: string, outDir: string, size = ICON_SIZE): Promise<string> {
  const mark = parseMark(await fs.readFile(path.join(rootDir, MARK_SVG), 'utf8'));
  const file = path.join(outDir, ICON_FILE);
  await fs.writeFile(file, encodePng(rasterizeMark(mark, size), size, size));
  return file;
}
