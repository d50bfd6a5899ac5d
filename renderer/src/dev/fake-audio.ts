/** Speech-like test audio for the fake host: syllable-shaped tone bursts, as 16-bit mono WAV. */

/** Deterministic 32-bit hash (FNV-1a) of a string. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** 16 hex digits derived from a string, shaped like a take hash. */
export function fakeHash(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0') + fnv1a(text, 0x9e3779b9).toString(16).padStart(8, '0');
}

/** Amplitude envelope value (0..1) at a sample: syllables of ~180 ms with pauses between words. */
function envelope(i: number, sampleRate: number, seed: number): number {
  const t = i / sampleRate;
  const syllable = Math.floor(t / 0.18);
  const phase = (t % 0.18) / 0.18;
  const loud = 0.35 + (((seed >>> (syllable % 24)) & 7) / 7) * 0.65;
  const pause = (syllable * 2654435761 + seed) % 7 === 0 ? 0.05 : 1;
  return Math.sin(Math.PI * phase) * loud * pause;
}

export function synthesizeSamples(durationSamples: number, sampleRate: number, seed: number): Float32Array {
  const out = new Float32Array(durationSamples);
  const f0 = 110 + (seed % 90);
  for (let i = 0; i < durationSamples; i++) {
    const t = i / sampleRate;
    const tone = Math.sin(2 * Math.PI * f0 * t) * 0.6 + Math.sin(2 * Math.PI * f0 * 2.01 * t) * 0.3;
    out[i] = tone * envelope(i, sampleRate, seed) * 0.8;
  }
  return out;
}

/** Peak envelope (max |x| per block) of a take, as the host's getPeaks would give it. */
export function peaksOf(samples: Float32Array, samplesPerPeak: number): number[] {
  const peaks: number[] = [];
  for (let start = 0; start < samples.length; start += samplesPerPeak) {
    let max = 0;
    const end = Math.min(samples.length, start + samplesPerPeak);
    for (let i = start; i < end; i++) max = Math.max(max, Math.abs(samples[i] ?? 0));
    peaks.push(Math.round(max * 1000) / 1000);
  }
  return peaks;
}

/** The fake host's takes as WAV files: the recorder's encoder (mono 16-bit PCM). */
export { encodeWav16 as encodeWav } from '../audio/wav-encode';
