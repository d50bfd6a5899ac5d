/**
 * Pocket TTS's rules around one chunk of text, as Kyutai's reference (`models/tts_model.py`) has them:
 * how the text is prepared, how many frames may follow the end-of-speech signal, and the hard limit on
 * generated frames; plus the chunk's seed and its Gaussian noise source.
 */
import { createHash } from 'node:crypto';
import { POCKET_FRAME_RATE } from './pocket-contract';

/** `prepare_text_prompt`: one line, a capital first letter, a full stop after a final letter or digit. */
export function preparePocketText(text: string, padShortInputs: boolean): string {
  let prepared = text
    .trim()
    .replace(/[\r\n]/g, ' ')
    .replace(/ {2}/g, ' ');
  if (prepared === '') return prepared;
  prepared = (prepared[0] ?? '').toUpperCase() + prepared.slice(1);
  if (/[\p{L}\p{N}]$/u.test(prepared)) prepared += '.';
  if (padShortInputs && prepared.split(/\s+/).length < 5) prepared = ' '.repeat(8) + prepared;
  return prepared;
}

/** Frames generated after the first end-of-speech frame: 3 for ≤4 words, else 1, plus 2 (or the bundle's). */
export function framesAfterEos(text: string, recommended?: number): number {
  if (recommended !== undefined) return recommended;
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '').length;
  return (words <= 4 ? 3 : 1) + 2;
}

/**
 * The most frames a chunk may take: `_estimate_max_gen_len`, ⌈(tokens / 3 per second + 2 s) · 12.5⌉.
 * Reaching it without the model's end signal is an error here (the reference only warns).
 */
export function maxPocketFrames(tokenCount: number): number {
  return Math.ceil((tokenCount / 3 + 2) * POCKET_FRAME_RATE);
}

/** The speaker's seed, or one derived from model, voice (clip) and text: the same chunk, the same noise. */
export function pocketSeed(seed: number | undefined, parts: readonly string[]): number {
  if (seed !== undefined) return seed;
  const digest = createHash('sha256').update(parts.join('\u241f')).digest();
  return digest.readUInt32BE(0) & 0x7fff_ffff;
}

/** Standard normal numbers from a 32-bit seed (mulberry32 + Box–Muller): identical on every machine. */
export class GaussianNoise {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  private uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  next(): number {
    if (this.spare !== undefined) {
      const value = this.spare;
      this.spare = undefined;
      return value;
    }
    const u1 = Math.max(this.uniform(), 1e-12);
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }

  /** `count` values with standard deviation `std`. */
  fill(count: number, std: number): Float32Array {
    const values = new Float32Array(count);
    if (std > 0) for (let i = 0; i < count; i++) values[i] = this.next() * std;
    return values;
  }
}
