/** Plausibility checks and edge trimming for rendered speech. */
import { excerpt } from '../../../shared/text/excerpt';
import { plausibleSpeechMs } from '../../../shared/text/writing-system';

const SILENCE_THRESHOLD = 10 ** (-50 / 20); // −50 dBFS

/** Index of the first NaN or ±Infinity sample, or -1 when every sample is a number. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) return i;
  }
  return -1;
}

export function rms(pcm: Float32Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += (pcm[i] ?? 0) ** 2;
  return Math.sqrt(sum / pcm.length);
}

/**
 * Removes leading and trailing silence, keeping `padMs` of it on each side, so that the gaps between turns
 * are the ones the producer set.
 */
export function trimSilence(pcm: Float32Array, sampleRate: number, padMs = 30): Float32Array {
  let start = 0;
  while (start < pcm.length && Math.abs(pcm[start] ?? 0) < SILENCE_THRESHOLD) start++;
  let end = pcm.length;
  while (end > start && Math.abs(pcm[end - 1] ?? 0) < SILENCE_THRESHOLD) end--;
  if (start >= end) return pcm.subarray(0, 0);
  const pad = Math.round((padMs * sampleRate) / 1000);
  return pcm.subarray(Math.max(0, start - pad), Math.min(pcm.length, end + pad));
}

export interface ChunkVerdict {
  ok: boolean;
  reason?: string;
}

/**
 * A rendered chunk should be audible and of a length that fits its text, per writing system at normal rate
 * (scaled by the speaking rate): 25–400 ms per letter of an alphabet, 60–900 ms per CJK character (a
 * syllable each); see shared/text/writing-system.ts.
 */
export function verifyChunk(
  pcm: Float32Array,
  sampleRate: number,
  text: string,
  ratePercent: number,
): ChunkVerdict {
  // NaN compares false with everything, so it would pass the silence check below as "audible".
  const bad = firstNonFinite(pcm);
  if (bad >= 0) {
    return {
      ok: false,
      reason: `the engine returned ${pcm[bad]} at sample ${bad} for "${excerpt(text, 40)}" (broken model or voice data)`,
    };
  }
  const bounds = plausibleSpeechMs(text);
  const spokenChars = bounds.spokenChars;
  const durationMs = (pcm.length * 1000) / sampleRate;
  if (spokenChars === 0) return { ok: true };
  const rateFactor = 100 / ratePercent;
  const minMs = Math.min(bounds.minMs * rateFactor, 60_000);
  const maxMs = bounds.maxMs * rateFactor + 3000;
  if (rms(pcm) < SILENCE_THRESHOLD)
    return { ok: false, reason: `the engine returned silence for "${excerpt(text, 40)}"` };
  if (durationMs < minMs) {
    return {
      ok: false,
      reason: `${Math.round(durationMs)} ms of audio is too short for ${spokenChars} characters ("${excerpt(text, 40)}")`,
    };
  }
  if (durationMs > maxMs) {
    return {
      ok: false,
      reason: `${Math.round(durationMs)} ms of audio is too long for ${spokenChars} characters ("${excerpt(text, 40)}")`,
    };
  }
  return { ok: true };
}
