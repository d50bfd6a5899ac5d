/**
 * Plays turns one after another through one media element, waiting out each turn's gap with a timer, and
 * reports where on the timeline it is. Each turn plays at its speaker's level (set on the element's gain
 * stage as the turn starts). Knows nothing about the DOM beyond the small MediaLike and GainControl
 * surfaces, so the sequencing can be tested in Node with a fake element and clock.
 */
import type { GainControl } from './gain-output';

export interface MediaLike {
  src: string;
  currentTime: number;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'ended' | 'error', listener: () => void): void;
  removeEventListener(type: 'ended' | 'error', listener: () => void): void;
}

export interface PlayerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Schedules a position update (requestAnimationFrame in the browser). */
  frame(run: () => void): unknown;
  cancelFrame(handle: unknown): void;
}

export interface PlaybackItem {
  segmentId: string;
  /** Timeline start of the turn's audio, ms. */
  startMs: number;
  gapBeforeMs: number;
  durationMs: number;
  /** Take hash, or null for a turn with no audio yet (skipped). */
  hash: string | null;
  /** Linear gain of the turn's speaker (Speaker.gainDb), 1 at 0 dB. */
  gain: number;
}

export type PlayerStatus = 'stopped' | 'loading' | 'gap' | 'playing';

export interface PlayerState {
  status: PlayerStatus;
  segmentId: string | null;
  positionMs: number;
}

export interface PlayOptions {
  /** Start this far into the first item's audio (ms); its gap is skipped. */
  offsetMs?: number;
  /** Wait out the first item's gap before it plays (play all from the start). */
  includeFirstGap?: boolean;
}

export interface PlayerEvents {
  onState(state: PlayerState): void;
  onError(message: string): void;
}

export class SequentialPlayer {
  private items: PlaybackItem[] = [];
  private index = -1;
  /** Bumped on every play/stop so that late promises and timers of an old run do nothing. */
  private run = 0;
  private gapTimer: unknown = null;
  private frameHandle: unknown = null;
  private gapStartedAtMs = 0;
  private state: PlayerState = { status: 'stopped', segmentId: null, positionMs: 0 };
  private readonly onEnded = () => this.advance(this.run);
  private readonly onMediaError = () => {
    const item = this.items[this.index];
    this.events.onError(
      `Turn ${item ? item.segmentId : ''} could not be played: its audio file did not load.`,
    );
    this.advance(this.run);
  };

  constructor(
    private readonly media: MediaLike,
    private readonly resolveUrl: (hash: string) => Promise<string>,
    private readonly clock: PlayerClock,
    private readonly events: PlayerEvents,
    private readonly output: GainControl,
  ) {
    media.addEventListener('ended', this.onEnded);
    media.addEventListener('error', this.onMediaError);
  }

  get current(): PlayerState {
    return this.state;
  }

  play(items: PlaybackItem[], options: PlayOptions = {}): void {
    this.halt();
    // Copies: updateGains changes them, also under a turn that is waiting for its URL.
    this.items = items.filter((item) => item.hash !== null).map((item) => ({ ...item }));
    if (this.items.length === 0) {
      this.setState({ status: 'stopped', segmentId: null, positionMs: this.state.positionMs });
      return;
    }
    const run = ++this.run;
    this.index = 0;
    const first = this.items[0]!;
    if (options.includeFirstGap && first.gapBeforeMs > 0) this.startGap(run, first);
    else void this.startItem(run, first, Math.max(0, options.offsetMs ?? 0));
    this.tick(run);
  }

  stop(): void {
    const position = this.state.positionMs;
    this.halt();
    this.setState({ status: 'stopped', segmentId: null, positionMs: position });
  }

  /**
   * New speaker levels while playing: the items still to come take theirs, and the turn playing now changes
   * at once. `gainOf` gives a turn's gain, or undefined to keep the one it has.
   */
  updateGains(gainOf: (segmentId: string) => number | undefined): void {
    for (const item of this.items) item.gain = gainOf(item.segmentId) ?? item.gain;
    const current = this.items[this.index];
    if (current && this.state.status !== 'stopped') this.output.setGain(current.gain);
  }

  dispose(): void {
    this.halt();
    this.media.removeEventListener('ended', this.onEnded);
    this.media.removeEventListener('error', this.onMediaError);
  }

  private halt(): void {
    this.run++;
    if (this.gapTimer !== null) this.clock.clearTimeout(this.gapTimer);
    if (this.frameHandle !== null) this.clock.cancelFrame(this.frameHandle);
    this.gapTimer = null;
    this.frameHandle = null;
    this.media.pause();
  }

  private startGap(run: number, item: PlaybackItem): void {
    this.gapStartedAtMs = this.clock.now();
    this.setState({ status: 'gap', segmentId: item.segmentId, positionMs: item.startMs - item.gapBeforeMs });
    this.gapTimer = this.clock.setTimeout(() => {
      this.gapTimer = null;
      if (run === this.run) void this.startItem(run, item, 0);
    }, item.gapBeforeMs);
  }

  private async startItem(run: number, item: PlaybackItem, offsetMs: number): Promise<void> {
    this.setState({ status: 'loading', segmentId: item.segmentId, positionMs: item.startMs + offsetMs });
    let url: string;
    try {
      url = await this.resolveUrl(item.hash!);
    } catch {
      if (run !== this.run) return;
      this.events.onError('The audio of a turn could not be found. Render the turn again.');
      this.advance(run);
      return;
    }
    if (run !== this.run) return;
    this.output.setGain(item.gain);
    this.media.src = url;
    this.media.currentTime = offsetMs / 1000;
    try {
      await this.media.play();
    } catch (error) {
      if (run !== this.run) return;
      const name = (error as { name?: string } | null)?.name;
      // AbortError: a newer play() replaced this one; nothing to report.
      if (name === 'AbortError') return;
      this.events.onError(
        name === 'NotAllowedError'
          ? 'The browser blocked playback. Click anywhere in the window, then press play again.'
          : 'A turn could not be played. Render it again, then retry.',
      );
      this.stop();
      return;
    }
    if (run !== this.run) return;
    this.setState({ status: 'playing', segmentId: item.segmentId, positionMs: item.startMs + offsetMs });
  }

  private advance(run: number): void {
    if (run !== this.run) return;
    this.index++;
    const next = this.items[this.index];
    if (!next) {
      const last = this.items[this.items.length - 1];
      const endMs = last ? last.startMs + last.durationMs : this.state.positionMs;
      this.halt();
      this.setState({ status: 'stopped', segmentId: null, positionMs: endMs });
      return;
    }
    if (next.gapBeforeMs > 0) this.startGap(run, next);
    else void this.startItem(run, next, 0);
  }

  private tick(run: number): void {
    if (run !== this.run) return;
    const item = this.items[this.index];
    if (item) {
      if (this.state.status === 'playing') {
        const within = Math.min(item.durationMs, this.media.currentTime * 1000);
        this.setState({ ...this.state, positionMs: Math.round(item.startMs + within) });
      } else if (this.state.status === 'gap') {
        const elapsed = Math.min(item.gapBeforeMs, this.clock.now() - this.gapStartedAtMs);
        this.setState({ ...this.state, positionMs: Math.round(item.startMs - item.gapBeforeMs + elapsed) });
      }
    }
    this.frameHandle = this.clock.frame(() => this.tick(run));
  }

  private setState(state: PlayerState): void {
    if (
      state.status === this.state.status &&
      state.segmentId === this.state.segmentId &&
      state.positionMs === this.state.positionMs
    ) {
      return;
    }
    this.state = state;
    this.events.onState(state);
  }
}
