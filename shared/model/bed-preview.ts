/**
 * Beds as the studio's preview plays them: the same envelope as the export's mix (bed-envelope.ts: level,
 * raised-cosine fades, ducking under speech), computed at a control rate instead of the sample rate, with
 * the speech key built from the takes' peaks (the studio has no speech samples) instead of the assembled
 * speech. A peak block counts as speech exactly when the export would see a sample of it above the
 * threshold, so preview and export agree to a control frame plus a peak block (bed-preview.test.ts).
 */
import { bedFadeGain, DUCK_THRESHOLD, DuckEnvelope } from './bed-envelope';
import type { PlacedBed } from './bed-placement';
import { msToSamples } from './time';

/** Frames per second of the preview's envelopes (10 ms: finer than the animation frames that apply it). */
export const PREVIEW_CONTROL_RATE = 100;

/** A take's peaks as getPeaks gives them: a [min, max] pair per `samplesPerPeak` frames at `sampleRate`. */
export interface TakePeakData {
  sampleRate: number;
  samplesPerPeak: number;
  peaks: ArrayLike<number>;
}

/** One turn as heard on the timeline, for the speech key. */
export interface KeyTurn {
  /** Timeline start of the heard part, ms. */
  startMs: number;
  /** Heard length, ms. */
  durationMs: number;
  /** Where in the take the heard part starts, ms. */
  trimStartMs: number;
  /** The turn's gain at a point of its heard part (level times fades). */
  gainAt(withinMs: number): number;
  /** Its take's peaks; null while unknown: the whole turn then counts as speech (the bed ducks). */
  peaks: TakePeakData | null;
}

/** Marks frames [fromMs, toMs) of the key (at `rate`) as speech. */
function mark(key: Uint8Array, rate: number, fromMs: number, toMs: number): void {
  const first = Math.max(0, Math.floor((fromMs * rate) / 1000));
  const last = Math.min(key.length, Math.ceil((toMs * rate) / 1000));
  for (let frame = first; frame < last; frame++) key[frame] = 1;
}

/** The speech key of the timeline, `frames` long at `rate`: 1 where a turn sounds above the threshold. */
export function speechKeyFromPeaks(turns: readonly KeyTurn[], rate: number, frames: number): Uint8Array {
  const key = new Uint8Array(Math.max(0, frames));
  for (const turn of turns) {
    if (turn.durationMs <= 0) continue;
    const peaks = turn.peaks;
    if (!peaks) {
      mark(key, rate, turn.startMs, turn.startMs + turn.durationMs);
      continue;
    }
    const blockMs = (peaks.samplesPerPeak / peaks.sampleRate) * 1000;
    const first = Math.max(0, Math.floor(turn.trimStartMs / blockMs));
    const blocks = Math.floor(peaks.peaks.length / 2);
    const last = Math.min(blocks, Math.ceil((turn.trimStartMs + turn.durationMs) / blockMs));
    for (let block = first; block < last; block++) {
      const from = Math.max(0, block * blockMs - turn.trimStartMs);
      const to = Math.min(turn.durationMs, (block + 1) * blockMs - turn.trimStartMs);
      if (to <= from) continue;
      const peak = Math.max(Math.abs(peaks.peaks[2 * block] ?? 0), Math.abs(peaks.peaks[2 * block + 1] ?? 0));
      // The louder end of the block decides (a fade changes the gain within it).
      const gain = Math.max(turn.gainAt(from), turn.gainAt(Math.max(from, to - 1)));
      if (peak * gain > DUCK_THRESHOLD) mark(key, rate, turn.startMs + from, turn.startMs + to);
    }
  }
  return key;
}

/** A bed's linear gain (level × fades × ducking) per control frame, from its first frame in the episode. */
export interface BedCurve {
  rate: number;
  /** Episode frame (at `rate`) of gains[0]. */
  firstFrame: number;
  gains: Float32Array;
}

/** The gain curve of a bed placed at `rate` (placeBed), ducked by `key` (at the same rate). */
export function bedGainCurve(placed: PlacedBed, key: Uint8Array, rate: number): BedCurve {
  const bed = placed.bed;
  const firstFrame = Math.max(0, placed.startFrame);
  const count = Math.max(0, placed.startFrame + placed.frames - firstFrame);
  const gains = new Float32Array(count);
  if (bed.duck) new DuckEnvelope(bed.duck, rate).gains(firstFrame, gains, { key, start: 0, end: key.length });
  else gains.fill(1);
  const level = 10 ** (bed.gainDb / 20);
  const fadeIn = Math.min(msToSamples(bed.fadeInMs, rate), placed.frames);
  const fadeOut = Math.min(msToSamples(bed.fadeOutMs, rate), placed.frames);
  for (let i = 0; i < count; i++) {
    const k = firstFrame + i - placed.startFrame;
    gains[i] = (gains[i] as number) * level * bedFadeGain(k, placed.frames, fadeIn, fadeOut);
  }
  return { rate, firstFrame, gains };
}

/** The curve's gain at `ms` on the timeline (between frames: linear); 0 outside the bed. */
export function curveGainAt(curve: BedCurve, ms: number): number {
  const at = (ms * curve.rate) / 1000 - curve.firstFrame;
  if (at < 0 || at >= curve.gains.length) return 0;
  const i = Math.floor(at);
  const a = curve.gains[i] as number;
  const b = (curve.gains[i + 1] ?? a) as number;
  return a + (b - a) * (at - i);
}
