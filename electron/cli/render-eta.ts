/**
 * Time left in a render, by characters rather than by turns, at the engine's recent pace.
 *
 * - Timed from the first turn the engine finished: that turn carries the engine's start-up (threads,
 *   loading, a cold JIT), which a linear guess from the start spread over every turn still to come (seen:
 *   "ETA 0:05" with 0.8 s left).
 * - Nothing is shown until the engine has rendered for `SETTLE_MS` past that turn: espeak-ng's JIT keeps
 *   warming for a second or two more, four short sentences taking ~1.0 s cold, 0.3 s next and 0.05 s warm.
 *   An ETA from those seconds said 2–6 s with 0.6–1.5 s left.
 * - The pace is that of the recent half of the time since the first turn, so the warm-up fades out of it
 *   and a machine that gets busier (or idler) shows within the render.
 * - Turns from the cache take no time and only leave fewer characters to go.
 *
 * Replayed on the traces of nine renders (three each of the demo, a 10- and a 90-minute script): 49 of 49
 * ETAs shown within 2×, where the pace since the first turn had 60 of 81 (docs/benchmarks.md, "estimates").
 */
export const SETTLE_MS = 2000;

interface Point {
  atMs: number;
  /** Characters the engine has rendered since its first finished turn. */
  chars: number;
}

export class RenderEta {
  private remainingChars: number;
  /** The first rendered turn, then one point per rendered turn after it. */
  private readonly points: Point[] = [];
  /** Index of the latest point at or before the middle of the time since the first: it only moves on. */
  private base = 0;

  constructor(
    private readonly charsOf: (segmentId: string) => number,
    totalChars: number,
    private readonly now: () => number = Date.now,
  ) {
    this.remainingChars = totalChars;
  }

  /** A turn is finished: rendered by the engine, or taken from the cache. */
  finished(segmentId: string, from: 'engine' | 'cache'): void {
    const chars = this.charsOf(segmentId);
    this.remainingChars = Math.max(0, this.remainingChars - chars);
    if (from === 'cache') return;
    const last = this.points[this.points.length - 1];
    this.points.push({ atMs: this.now(), chars: last ? last.chars + chars : 0 });
  }

  /** Milliseconds left, or null while there is no settled pace to go by. */
  etaMs(): number | null {
    const first = this.points[0];
    const last = this.points[this.points.length - 1];
    if (!first || !last || last.chars === 0 || last.atMs - first.atMs < SETTLE_MS) return null;
    const middle = first.atMs + (last.atMs - first.atMs) / 2;
    while (this.points[this.base + 1] && this.points[this.base + 1]!.atMs <= middle) this.base++;
    const from = this.points[this.base]!;
    const msPerChar =
      last.chars > from.chars
        ? (last.atMs - from.atMs) / (last.chars - from.chars)
        : (last.atMs - first.atMs) / last.chars;
    return Math.max(0, this.remainingChars * msPerChar - (this.now() - last.atMs));
  }
}
