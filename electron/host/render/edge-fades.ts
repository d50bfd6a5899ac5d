/**
 * Short fades at the edges of rendered audio. Engines trim to 30 ms around the speech, but sometimes start
 * or stop mid-waveform (espeak-ng's output can end on a sample at −35 dBFS): next to digital silence that
 * step is an audible click. A 5 ms raised-cosine fade removes the step and leaves the speech alone.
 * Applied to every chunk as it is rendered (so sentence edges inside a take and the take's own edges are
 * smooth in the preview too), and again to each take where the episode is assembled, so takes cached by
 * an older version (which have no fades, and whose key says nothing of it) export without clicks.
 */
export const EDGE_FADE_MS = 5;

/** Fades `pcm` (mono, at `sampleRate`) in place over its first and last EDGE_FADE_MS; returns it. */
export function fadeEdges(pcm: Float32Array, sampleRate: number): Float32Array {
  // A take shorter than two fades gets two shorter ones that meet in the middle.
  const length = Math.min(Math.round((EDGE_FADE_MS * sampleRate) / 1000), Math.floor(pcm.length / 2));
  for (let i = 0; i < length; i++) {
    // Raised cosine from 0 (the first sample) towards 1: sample i of `length`.
    const gain = 0.5 - 0.5 * Math.cos((Math.PI * i) / length);
    pcm[i] = (pcm[i] as number) * gain;
    const j = pcm.length - 1 - i;
    pcm[j] = (pcm[j] as number) * gain;
  }
  return pcm;
}
