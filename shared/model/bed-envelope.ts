/**
 * A bed's gain envelope, the one definition the export's mix (electron/host/beds/) and the studio's preview
 * (renderer/src/audio/bed-preview.ts) both use: its fades, and its ducking under speech.
 *
 * Ducking is keyed from the speech bus (the assembled turns, before loudness): an envelope follower (peak
 * with hold) says where speech sounds, and the bed's gain moves in dB, in straight lines, towards its depth
 * while it does and back to 0 dB after. The envelope runs at any frame rate: the export's sample rate, or
 * the preview's control rate with the key built from the takes' peaks.
 *
 * - The key is "speech": any channel of the speech bus above DUCK_THRESHOLD_DBFS within the last
 *   DUCK_HOLD_MS (so the bed does not swell between words and short pauses).
 * - The export knows the speech ahead of time, so the attack looks ahead by its own length: the bed starts
 *   going down `attackMs` before the speech and is at its full depth when the first word starts.
 * - After the speech (and the hold), the bed comes back up over `releaseMs`.
 */
import type { BedDuck } from './beds';
import { msToSamples } from './time';

export const DUCK_THRESHOLD_DBFS = -45;
export const DUCK_HOLD_MS = 250;
/** Linear level above which a sample counts as speech. */
export const DUCK_THRESHOLD = 10 ** (DUCK_THRESHOLD_DBFS / 20);
const THRESHOLD = DUCK_THRESHOLD;

/**
 * The fades of a bed that plays `total` frames, at its frame `k` (0-based): raised cosine in over `fadeIn`
 * frames and out over `fadeOut` (each at most `total`); 1 between them.
 */
export function bedFadeGain(k: number, total: number, fadeIn: number, fadeOut: number): number {
  let g = 1;
  if (k < fadeIn) g *= 0.5 - 0.5 * Math.cos((Math.PI * k) / fadeIn);
  if (total - k <= fadeOut) g *= 0.5 - 0.5 * Math.cos((Math.PI * (total - k - 1)) / fadeOut);
  return g;
}

/** Writes 1 into `key` for each frame where any channel of the speech is above the threshold, else 0. */
export function speechKey(interleaved: Float32Array, channels: number, key: Uint8Array, keyOffset = 0): void {
  const frames = interleaved.length / channels;
  for (let frame = 0; frame < frames; frame++) {
    let on = 0;
    for (let channel = 0; channel < channels; channel++) {
      const v = interleaved[frame * channels + channel] as number;
      if (v > THRESHOLD || v < -THRESHOLD) {
        on = 1;
        break;
      }
    }
    key[keyOffset + frame] = on;
  }
}

/** A window of the speech key: key[t - start] for frames t in [start, end); frames from `end` on are off. */
export interface KeyWindow {
  key: Uint8Array;
  start: number;
  end: number;
}

/** The gain of one ducked bed, frame by frame, in order. */
export class DuckEnvelope {
  /** Frames the envelope looks ahead in the key (its attack). */
  readonly lookahead: number;
  private readonly hold: number;
  private readonly depthDb: number;
  private readonly attackStepDb: number;
  private readonly releaseStepDb: number;
  private lastOn = Number.NEGATIVE_INFINITY;
  private scan: number | null = null;
  private gainDb: number | null = null;
  private linear = 1;

  constructor(duck: BedDuck, sampleRate: number) {
    this.lookahead = msToSamples(duck.attackMs, sampleRate);
    this.hold = msToSamples(DUCK_HOLD_MS, sampleRate);
    this.depthDb = duck.depthDb;
    const release = msToSamples(duck.releaseMs, sampleRate);
    this.attackStepDb = this.lookahead > 0 ? -duck.depthDb / this.lookahead : Number.POSITIVE_INFINITY;
    this.releaseStepDb = release > 0 ? -duck.depthDb / release : Number.POSITIVE_INFINITY;
  }

  /**
   * Linear gains for frames [first, first + out.length), which must follow the frames asked before. The
   * window must hold the key up to first + out.length + lookahead (or end where the speech ends).
   */
  gains(first: number, out: Float32Array, window: KeyWindow): void {
    const { key, start, end } = window;
    let scan = this.scan ?? first;
    let lastOn = this.lastOn;
    let gainDb = this.gainDb;
    let linear = this.linear;
    for (let i = 0; i < out.length; i++) {
      const n = first + i;
      const ahead = n + this.lookahead;
      for (; scan <= ahead; scan++) if (scan >= start && scan < end && key[scan - start] === 1) lastOn = scan;
      const target = lastOn >= n - this.hold ? this.depthDb : 0;
      if (gainDb === null) {
        // The bed starts where it is: under speech it starts ducked, not with a swell.
        gainDb = target;
        linear = 10 ** (gainDb / 20);
      } else if (gainDb > target) {
        gainDb = Math.max(target, gainDb - this.attackStepDb);
        linear = 10 ** (gainDb / 20);
      } else if (gainDb < target) {
        gainDb = Math.min(target, gainDb + this.releaseStepDb);
        linear = 10 ** (gainDb / 20);
      }
      out[i] = linear;
    }
    this.scan = scan;
    this.lastOn = lastOn;
    this.gainDb = gainDb;
    this.linear = linear;
  }
}
