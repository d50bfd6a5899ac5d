/** Pure helpers of the clip dialog: the trim it sends (3-30 s enforced), peaks to draw, and base64 of a file. */
import { MAX_CLIP_MS, MIN_CLIP_MS } from '../../../../shared/model/reference-clip';

export interface Trim {
  startMs: number;
  endMs: number;
}

/** The first 30 s of a recording (or all of it): what the dialog proposes. */
export function initialTrim(durationMs: number): Trim {
  return { startMs: 0, endMs: Math.min(durationMs, MAX_CLIP_MS) };
}

/** Why a stretch cannot be saved as a clip, or null when it can. */
export function trimProblem(trim: Trim, durationMs: number): string | null {
  const length = trim.endMs - trim.startMs;
  if (durationMs < MIN_CLIP_MS)
    return `The recording is ${seconds(durationMs)} long; a clip needs at least 3 s of the voice.`;
  if (length < MIN_CLIP_MS) return `The selection is ${seconds(length)}: choose at least 3 s.`;
  if (length > MAX_CLIP_MS) return `The selection is ${seconds(length)}: choose at most 30 s.`;
  return null;
}

export function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** Peak absolute value per column, for drawing `samples` in `columns` bars. */
export function columnPeaks(samples: Float32Array, columns: number): Float32Array {
  const peaks = new Float32Array(columns);
  const per = samples.length / columns;
  for (let column = 0; column < columns; column++) {
    let peak = 0;
    const end = Math.min(samples.length, Math.floor((column + 1) * per));
    for (let i = Math.floor(column * per); i < end; i++) {
      const value = Math.abs(samples[i] as number);
      if (value > peak) peak = value;
    }
    peaks[column] = peak;
  }
  return peaks;
}

/** Base64 of bytes, in pieces (String.fromCharCode takes a limited number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

/**
 * A press on the waveform at `atMs` returns the fixed end of the selection while dragging: near an edge
 * (within `grabMs`) that edge moves and the other stays; elsewhere a new selection starts there.
 */
export function trimAnchor(trim: Trim, atMs: number, grabMs: number): number {
  const toStart = Math.abs(atMs - trim.startMs);
  const toEnd = Math.abs(atMs - trim.endMs);
  if (Math.min(toStart, toEnd) > grabMs) return Math.round(atMs);
  return toStart <= toEnd ? trim.endMs : trim.startMs;
}

/** The selection between the anchor and `atMs` (within 0..durationMs, whole milliseconds, in order). */
export function dragTrim(anchorMs: number, atMs: number, durationMs: number): Trim {
  const clamp = (ms: number) => Math.round(Math.max(0, Math.min(durationMs, ms)));
  const [anchor, at] = [clamp(anchorMs), clamp(atMs)];
  return { startMs: Math.min(anchor, at), endMs: Math.max(anchor, at) };
}
