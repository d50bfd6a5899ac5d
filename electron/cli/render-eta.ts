/**
 * Time left in a render, by characters rather than by turns, and timed from the first turn the engine
 * finished: that turn carries the engine's start-up (threads, loading, a cold JIT), which a linear guess
 * from the start spread over every turn still to come (seen: "ETA 0:05" with 0.8 s left). Turns from the
 * cache take no time and only leave fewer characters to go. (Blending in the plan's per-character time
 * did worse here: docs/benchmarks.md, "estimates".)
 */
export class RenderEta {
  private remainingChars: number;
  private firstAtMs: number | null = null;
  private charsSinceFirst = 0;

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
    if (this.firstAtMs === null) this.firstAtMs = this.now();
    else this.charsSinceFirst += chars;
  }

  /** Milliseconds left, or null while there is no pace to go by (before the second rendered turn). */
  etaMs(): number | null {
    if (this.firstAtMs === null || this.charsSinceFirst === 0) return null;
    const elapsed = this.now() - this.firstAtMs;
    if (elapsed <= 0) return null;
    return (this.remainingChars / this.charsSinceFirst) * elapsed;
  }
}
