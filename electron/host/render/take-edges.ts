/**
 * A take's first and last few milliseconds, faded in and out when the take is placed in the episode.
 * Takes are trimmed to 30 ms around the speech, but an engine sometimes starts or stops mid-waveform
 * (espeak-ng's output can end on a sample at −35 dBFS): dropped between digitally silent gaps, that step is
 * an audible click. A 5 ms raised-cosine fade removes the step and leaves the speech alone. The take in the
 * cache is not changed (its key would not say so), only the episode made from it.
 */
export const TAKE_FADE_MS = 5;

/** Fades `pcm` (mono, at `sampleRate`) in place over its first and last TAKE_FADE_MS; returns it. */
export function fadeTakeEdges(pcm: Float32Array, sampleRate: number): Float32Array {
  // A take shorter than two fades gets two shorter ones that meet in the middle.
  const length = Math.min(Math.round((TAKE_FADE_MS * sampleRate) / 1000), Math.floor(pcm.length / 2));
  for (let i = 0; i < length; i++) {
    // Raised cosine from 0 (the first sample) towards 1: sample i of `length`.
    const gain = 0.5 - 0.5 * Math.cos((Math.PI * i) / length);
    pcm[i] = (pcm[i] as number) * gain;
    const j = pcm.length - 1 - i;
    pcm[j] = (pcm[j] as number) * gain;
  }
  return pcm;
}
