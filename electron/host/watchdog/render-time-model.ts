/**
 * How long a render takes on this machine, per model: a fixed cost (the engine's start-up and warm-up in a
 * fresh worker) plus a time per character. Each render the machine has done is kept as two points of its
 * own progress: where it ended, and the checkpoint nearest half of its characters. The second half of a
 * render gives the per-character time once the engine is warm; the end less that gives the fixed cost. One
 * render is enough, however short its first chunks were (espeak-ng's cold JIT runs several times slower for
 * a second or two, which per-chunk figures from a short render took for its speed); renders of different
 * lengths tell it better (`renderTimeModel`).
 */
import { fitLine } from './line-fit';

export interface RenderTiming {
  /** One render of the model in one worker. */
  id: string;
  /** Characters rendered and milliseconds since its first chunk started, at its last checkpoint. */
  chars: number;
  ms: number;
  /** The checkpoint nearest half of `chars`. */
  halfChars: number;
  halfMs: number;
  atMs: number;
}

/** A render's second half must hold this many characters to time the warm engine. */
export const MIN_SECOND_HALF_CHARS = 200;
/** Renders kept per model and provider. */
export const KEEP_RENDERS = 10;

/** `renders` with `timing` in place of its earlier checkpoint of the same render, the newest kept. */
export function upsertRender(renders: readonly RenderTiming[], timing: RenderTiming): RenderTiming[] {
  return [...renders.filter((render) => render.id !== timing.id), timing].slice(-KEEP_RENDERS);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Renders this many times longer than the shortest tell the time per character across them. */
export const SPAN_FOR_FIT = 2;

/**
 * Fixed cost and per-character time over the renders that can tell them; null when none can.
 * - Renders of different lengths (the longest `SPAN_FOR_FIT` × the shortest or more): a straight line
 *   through their ends, least squares. The second half of a short render is still warming up (the demo's
 *   gave 0.6–1.0 ms a character where a 90-minute script runs at 0.28), and a line across lengths puts that
 *   warm-up in the fixed cost, where it belongs.
 * - Else the time per character over all their second halves together, the fixed cost the median of what
 *   each leaves.
 */
export function renderTimeModel(
  renders: readonly RenderTiming[],
): { fixedMs: number; msPerChar: number } | null {
  const usable = renders
    .filter((render) => render.chars - render.halfChars >= MIN_SECOND_HALF_CHARS)
    .map((render) => ({
      render,
      msPerChar: (render.ms - render.halfMs) / (render.chars - render.halfChars),
    }))
    .filter((one) => one.msPerChar > 0 && Number.isFinite(one.msPerChar));
  if (usable.length === 0) return null;
  const across = lineAcross(usable.map((one) => one.render));
  if (across) return across;
  // Weighted by the characters of each second half: a long render has seen the engine warm for longest.
  const msPerChar =
    usable.reduce((sum, one) => sum + (one.render.ms - one.render.halfMs), 0) /
    usable.reduce((sum, one) => sum + (one.render.chars - one.render.halfChars), 0);
  const fixedMs = median(usable.map((one) => Math.max(0, one.render.ms - msPerChar * one.render.chars)));
  return { fixedMs, msPerChar };
}

/** The least-squares line through the renders' ends, when their lengths differ enough and it rises. */
function lineAcross(renders: readonly RenderTiming[]): { fixedMs: number; msPerChar: number } | null {
  const line = fitLine(
    renders.map((render) => ({ x: render.chars, y: render.ms })),
    SPAN_FOR_FIT,
  );
  if (!line || !(line.slope > 0)) return null;
  return { fixedMs: Math.max(0, line.meanY - line.slope * line.meanX), msPerChar: line.slope };
}

/** The checkpoint nearest half of the last one's characters (the last one itself when it is alone). */
export function halfway(checkpoints: readonly { chars: number; ms: number }[]): {
  chars: number;
  ms: number;
} {
  const last = checkpoints[checkpoints.length - 1] ?? { chars: 0, ms: 0 };
  let best = checkpoints[0] ?? last;
  for (const point of checkpoints) {
    if (Math.abs(point.chars - last.chars / 2) < Math.abs(best.chars - last.chars / 2)) best = point;
  }
  return best;
}
