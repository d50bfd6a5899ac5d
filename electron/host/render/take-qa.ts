/**
 * Take QA for engines that sample: finds a long stretch that does not sound like speech. VibeVoice (and
 * other long-form models) sometimes make music, a held tone or noise instead of words; such a take passes
 * the length and silence checks, so it is flagged for the producer with a Regenerate action.
 *
 * Speech is modulated at the syllable rate: its level rises and falls 2–8 times a second by 10 dB and more
 * (vowels, consonants, gaps between words), while music, tones and noise hold their level (or change it
 * slowly). The detector follows the level in 10 ms frames (dB), and over one-second windows (every 250 ms)
 * measures the part of that level curve that moves at 2–8 Hz (its RMS in dB, from a Hann-windowed DFT of
 * the curve). A window that is sounding (most frames within 40 dB of the take's loud level) with less
 * syllabic modulation than `maxModulationDb` is non-speech; consecutive non-speech windows spanning at least
 * `minMs` are a stretch. Silence is never non-speech (pauses are the silence checks' business).
 */

export interface NonSpeechStretch {
  startMs: number;
  durationMs: number;
}

export interface NonSpeechOptions {
  /** Shortest stretch that is flagged (default 3000 ms). */
  minMs?: number;
  /**
   * Syllable-band modulation (dB RMS) below which a sounding window is non-speech (default 2.5 dB: espeak-ng
   * speech in 15 languages and 5 variants each stays above 2.1 dB in every window, above 3.5 dB in nine of
   * ten; tones, noise, chords and a legato melody stay under 1 dB, a ±30 % tremolo under 2).
   */
  maxModulationDb?: number;
}

const FRAME_MS = 10;
const WINDOW_FRAMES = 100;
const STEP_FRAMES = 25;
const BAND_LOW_HZ = 2;
const BAND_HIGH_HZ = 8;
/** A frame sounds when it is within this of the take's loud level (and above the floor). */
const ACTIVE_RANGE_DB = 40;
const FLOOR_DB = -65;
/** Level dips deeper than this below the window's top are clamped, so silence does not rule the curve. */
const CLAMP_RANGE_DB = 40;

/** Frame levels in dB (mean square over 10 ms frames). */
export function frameLevelsDb(pcm: Float32Array, sampleRate: number): Float64Array {
  const frame = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
  const count = Math.floor(pcm.length / frame);
  const levels = new Float64Array(count);
  for (let f = 0; f < count; f += 1) {
    let sum = 0;
    for (let i = f * frame, end = i + frame; i < end; i += 1) {
      const sample = pcm[i] ?? 0;
      sum += sample * sample;
    }
    levels[f] = 10 * Math.log10(sum / frame + 1e-12);
  }
  return levels;
}

/** RMS (dB) of the 2–8 Hz part of a window of frame levels. */
export function syllabicModulationDb(levels: Float64Array, start: number): number {
  const n = WINDOW_FRAMES;
  let top = -Infinity;
  for (let i = 0; i < n; i += 1) top = Math.max(top, levels[start + i] ?? -120);
  const curve = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i += 1) {
    curve[i] = Math.max(top - CLAMP_RANGE_DB, levels[start + i] ?? -120);
    mean += curve[i]! / n;
  }
  let windowPower = 0;
  const weighted = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    weighted[i] = w * (curve[i]! - mean);
    windowPower += w * w;
  }
  const frameRateHz = 1000 / FRAME_MS;
  const firstBin = Math.round((BAND_LOW_HZ * n) / frameRateHz);
  const lastBin = Math.round((BAND_HIGH_HZ * n) / frameRateHz);
  let bandPower = 0;
  for (let k = firstBin; k <= lastBin; k += 1) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i += 1) {
      const angle = (2 * Math.PI * k * i) / n;
      re += weighted[i]! * Math.cos(angle);
      im -= weighted[i]! * Math.sin(angle);
    }
    bandPower += re * re + im * im;
  }
  return Math.sqrt((2 * bandPower) / (n * windowPower));
}

/** The longest non-speech stretch of at least `minMs`, or undefined when the take sounds like speech. */
export function findNonSpeech(
  pcm: Float32Array,
  sampleRate: number,
  options: NonSpeechOptions = {},
): NonSpeechStretch | undefined {
  const minMs = options.minMs ?? 3000;
  const maxModulationDb = options.maxModulationDb ?? 2.5;
  const levels = frameLevelsDb(pcm, sampleRate);
  if (levels.length < WINDOW_FRAMES) return undefined;
  const loud = percentile(levels, 0.95);
  const activeFloor = Math.max(FLOOR_DB, loud - ACTIVE_RANGE_DB);
  let best: NonSpeechStretch | undefined;
  let runStart = -1;
  let runEnd = -1;
  const close = () => {
    if (runStart < 0) return;
    const durationMs = (runEnd - runStart) * FRAME_MS;
    if (durationMs >= minMs && (!best || durationMs > best.durationMs))
      best = { startMs: runStart * FRAME_MS, durationMs };
    runStart = -1;
  };
  for (let start = 0; start + WINDOW_FRAMES <= levels.length; start += STEP_FRAMES) {
    let active = 0;
    for (let i = 0; i < WINDOW_FRAMES; i += 1) if (levels[start + i]! > activeFloor) active += 1;
    const nonSpeech = active >= 0.8 * WINDOW_FRAMES && syllabicModulationDb(levels, start) < maxModulationDb;
    if (nonSpeech) {
      if (runStart < 0) runStart = start;
      runEnd = start + WINDOW_FRAMES;
    } else {
      close();
    }
  }
  close();
  return best;
}

function percentile(values: Float64Array, fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? -120;
}
