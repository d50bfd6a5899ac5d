/**
 * A/B comparison through one element: plays side A, then side B, and says which is playing; `toggle` jumps
 * to the other side (from its start) and plays only that one. A side is a take of the turn or the speaker's
 * reference clip, each at its own gain (a take at its speaker's level, the clip as stored). Knows only
 * MediaLike and GainControl, so it is tested in Node with a fake element.
 */
import type { GainControl } from './gain-output';
import type { MediaLike } from './sequential-player';

export type AbPhase = 'A' | 'B' | 'done';

export interface AbSide {
  url: string;
  /** Linear gain while this side plays. */
  gain: number;
  /** What it is, for messages: "the clip", "take #2". */
  name: string;
}

export class AbPlayer {
  private sides: { A: AbSide; B: AbSide } | null = null;
  private phase: AbPhase = 'done';
  private last: 'A' | 'B' | null = null;
  /** Whether B follows A (Play A then B) or the side plays alone (a toggle). */
  private sequence = false;
  private run = 0;
  private readonly onEnded = () => void this.next(this.run);

  constructor(
    private readonly media: MediaLike,
    private readonly output: GainControl,
    private readonly onPhase: (phase: AbPhase) => void,
    private readonly onError: (message: string) => void,
  ) {
    media.addEventListener('ended', this.onEnded);
  }

  /** Plays `a` then `b`. */
  play(a: AbSide, b: AbSide): void {
    this.run++;
    this.sides = { A: a, B: b };
    this.sequence = true;
    void this.start(this.run, 'A');
  }

  /** The side `toggle` would play: the other one while playing, else the one not heard last. */
  toggleTarget(): 'A' | 'B' {
    if (this.phase === 'A') return 'B';
    if (this.phase === 'B') return 'A';
    return this.last === 'A' ? 'B' : 'A';
  }

  /** Switches to the other side (from its start) and plays it alone; `sides` replace the current pair. */
  toggle(sides?: { a: AbSide; b: AbSide }): void {
    const target = this.toggleTarget();
    if (sides) this.sides = { A: sides.a, B: sides.b };
    if (!this.sides) return;
    this.run++;
    this.sequence = false;
    void this.start(this.run, target);
  }

  stop(): void {
    this.run++;
    this.media.pause();
    this.setPhase('done');
  }

  dispose(): void {
    this.stop();
    this.media.removeEventListener('ended', this.onEnded);
  }

  private async next(run: number): Promise<void> {
    if (run !== this.run) return;
    if (this.phase === 'A' && this.sequence) await this.start(run, 'B');
    else this.setPhase('done');
  }

  private async start(run: number, phase: 'A' | 'B'): Promise<void> {
    const side = this.sides?.[phase];
    if (!side) return;
    this.last = phase;
    this.setPhase(phase);
    this.output.setGain(side.gain);
    this.media.src = side.url;
    this.media.currentTime = 0;
    try {
      await this.media.play();
    } catch (error) {
      if (run !== this.run || (error as { name?: string } | null)?.name === 'AbortError') return;
      this.onError(`${phase} (${side.name}) could not be played. Click in the window, then try again.`);
      this.stop();
    }
  }

  private setPhase(phase: AbPhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.onPhase(phase);
  }
}
