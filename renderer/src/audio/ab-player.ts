/**
 * A/B comparison of two takes of a turn: plays take A, then take B, through one element, and says which is
 * playing. Knows only MediaLike and GainControl, so it is tested in Node with a fake element.
 */
import type { GainControl } from './gain-output';
import type { MediaLike } from './sequential-player';

export type AbPhase = 'A' | 'B' | 'done';

export class AbPlayer {
  private urls: [string, string] | null = null;
  private phase: AbPhase = 'done';
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

  /** Plays `a` then `b` (URLs) at `gain`. */
  play(a: string, b: string, gain: number): void {
    this.run++;
    this.urls = [a, b];
    this.output.setGain(gain);
    void this.start(this.run, 'A');
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
    if (this.phase === 'A') await this.start(run, 'B');
    else this.setPhase('done');
  }

  private async start(run: number, phase: 'A' | 'B'): Promise<void> {
    const url = this.urls?.[phase === 'A' ? 0 : 1];
    if (!url) return;
    this.setPhase(phase);
    this.media.src = url;
    this.media.currentTime = 0;
    try {
      await this.media.play();
    } catch (error) {
      if (run !== this.run || (error as { name?: string } | null)?.name === 'AbortError') return;
      this.onError(`Take ${phase} could not be played. Click in the window, then try again.`);
      this.stop();
    }
  }

  private setPhase(phase: AbPhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.onPhase(phase);
  }
}
