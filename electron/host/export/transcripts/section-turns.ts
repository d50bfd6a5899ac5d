/**
 * The turns of one file of a chapter-split export: those that start in [startMs, endMs), on that file's own
 * clock (it starts at 0) and cut at its end, so its captions line up with its audio.
 */
import type { TimedTurn } from './timed-turn';

export function turnsOfSection(turns: readonly TimedTurn[], startMs: number, endMs: number): TimedTurn[] {
  return turns
    .filter((turn) => turn.startMs >= startMs && turn.startMs < endMs)
    .map((turn) => ({
      ...turn,
      startMs: turn.startMs - startMs,
      endMs: Math.min(turn.endMs, endMs) - startMs,
    }));
}
