/**
 * Plays the timeline as the export assembles it: each turn from its start on the timeline, its take's
 * trimmed part only, with its fades and at its speaker's level; a turn that overlaps the one before it
 * (cross-talk) plays on a second element at the same time. Driven by a position on the timeline: while a
 * turn plays, the position follows its element's time (so the playhead stays on the audio); in gaps it
 * follows the clock. A loop range sends the position back to its start at its end. Knows nothing about the
 * DOM beyond the small MediaLike and GainControl surfaces, so it can be tested in Node with fakes.
 */
import { itemGainAt, type PlaybackItem } from './playback-item';
import type { GainControl } from './gain-output';

export { itemGainAt, type PlaybackItem };

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
  /** Start at this point of the timeline (overrides offsetMs and includeFirstGap). */
  fromMs?: number;
  /** Play [fromMs, toMs) of the timeline again and again until stopped. */
  loop?: { fromMs: number; toMs: number };
  /**
   * The programme goes on to here after the last turn (beds play on), and time without speech is kept,
   * not skipped (beds sound there).
   */
  programEndMs?: number;
}

export interface PlayerEvents {
  onState(state: PlayerState): void;
  onError(message: string): void;
}

/** One element and its gain stage. */
export interface PlayerVoice {
  media: MediaLike;
  output: GainControl;
}

interface VoiceState {
  voice: PlayerVoice;
  item: PlaybackItem | null;
  status: 'idle' | 'loading' | 'playing';
  /** Bumped whenever the voice is given another item, so late promises of the old one do nothing. */
  token: number;
  /** The last gain set, so a gain is set only when it changes. */
  gain: number | null;
  onEnded: () => void;
  onError: () => void;
}

/**
 * Turns are started and stopped, and the position advanced, on every animation frame; a timer of this
 * length goes on where frames stop (a background tab).
 */
const FALLBACK_TICK_MS = 250;

export class SequentialPlayer {
  private items: PlaybackItem[] = [];
  /** Items before this one have been started (or skipped) in this pass. */
  private nextIndex = 0;
  private run = 0;
  private timer: unknown = null;
  private frameHandle: unknown = null;
  /** The position is anchorMs at clock time anchorAt, and moves with the clock from there. */
  private anchorMs = 0;
  private anchorAt = 0;
  private loop: { fromMs: number; toMs: number } | null = null;
  /** The latest end of the items, or the programme's end (ms). */
  private endMs = 0;
  /** Time without speech is kept (beds play), and the pass runs to endMs. */
  private keepTime = false;
  /** The position at the previous step: a turn that began since then starts from its first sample. */
  private previousMs = 0;
  private readonly voices: VoiceState[];
  private state: PlayerState = { status: 'stopped', segmentId: null, positionMs: 0 };

  constructor(
    media: MediaLike,
    private readonly resolveUrl: (hash: string) => Promise<string>,
    private readonly clock: PlayerClock,
    private readonly events: PlayerEvents,
    output: GainControl,
    overlay?: PlayerVoice,
  ) {
    this.voices = [{ media, output }, ...(overlay ? [overlay] : [])].map((voice) => {
      const state: VoiceState = {
        voice,
        item: null,
        status: 'idle',
        token: 0,
        gain: null,
        onEnded: () => this.release(state, this.run),
        onError: () => {
          if (!state.item) return;
          this.events.onError(
            `Turn ${state.item.segmentId} could not be played: its audio file did not load.`,
          );
          this.release(state, this.run);
        },
      };
      voice.media.addEventListener('ended', state.onEnded);
      voice.media.addEventListener('error', state.onError);
      return state;
    });
  }

  get current(): PlayerState {
    return this.state;
  }

  play(items: PlaybackItem[], options: PlayOptions = {}): void {
    this.halt();
    // Copies: updateGains changes them, also under a turn that is waiting for its URL.
    this.items = items.filter((item) => item.hash !== null).map((item) => ({ ...item }));
    const first = this.items[0];
    if (!first) {
      this.setState({ status: 'stopped', segmentId: null, positionMs: this.state.positionMs });
      return;
    }
    this.run++;
    this.endMs = this.items.reduce(
      (latest, item) => Math.max(latest, this.endOf(item)),
      options.programEndMs ?? 0,
    );
    this.keepTime = options.programEndMs !== undefined;
    this.loop = options.loop && options.loop.toMs > options.loop.fromMs ? options.loop : null;
    const from = this.loop
      ? this.loop.fromMs
      : options.fromMs !== undefined
        ? Math.max(0, options.fromMs)
        : options.includeFirstGap
          ? first.startMs - first.gapBeforeMs
          : first.startMs + Math.max(0, options.offsetMs ?? 0);
    this.startAt(from);
    this.schedule(this.run);
  }

  stop(): void {
    const position = this.state.positionMs;
    this.halt();
    this.setState({ status: 'stopped', segmentId: null, positionMs: position });
  }

  /**
   * New speaker levels while playing: the items still to come take theirs, and the turns playing now change
   * at once. `gainOf` gives a turn's gain, or undefined to keep the one it has.
   */
  updateGains(gainOf: (segmentId: string) => number | undefined): void {
    for (const item of this.items) item.gain = gainOf(item.segmentId) ?? item.gain;
    if (this.state.status !== 'stopped') this.applyGains(this.state.positionMs);
  }

  dispose(): void {
    this.halt();
    for (const state of this.voices) {
      state.voice.media.removeEventListener('ended', state.onEnded);
      state.voice.media.removeEventListener('error', state.onError);
    }
  }

  private halt(): void {
    this.run++;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    if (this.frameHandle !== null) this.clock.cancelFrame(this.frameHandle);
    this.timer = null;
    this.frameHandle = null;
    for (const state of this.voices) this.silence(state);
  }

  private silence(state: VoiceState): void {
    state.token++;
    state.item = null;
    state.status = 'idle';
    state.voice.media.pause();
  }

  /** (Re)starts the pass at `positionMs`: nothing sounding, every turn not yet ended still to come. */
  private startAt(positionMs: number): void {
    for (const state of this.voices) if (state.status !== 'idle') this.silence(state);
    this.anchorMs = positionMs;
    this.anchorAt = this.clock.now();
    this.previousMs = positionMs;
    this.nextIndex = 0;
    while (this.nextIndex < this.items.length && this.endOf(this.items[this.nextIndex]!) <= positionMs) {
      this.nextIndex++;
    }
    this.step(this.run, positionMs);
  }

  private endOf(item: PlaybackItem): number {
    return item.startMs + item.durationMs;
  }

  private schedule(run: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (run === this.run) this.tick(run);
    }, FALLBACK_TICK_MS);
    this.frameHandle = this.clock.frame(() => {
      this.frameHandle = null;
      if (run === this.run) this.tick(run);
    });
  }

  private tick(run: number): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    if (this.frameHandle !== null) this.clock.cancelFrame(this.frameHandle);
    this.timer = null;
    this.frameHandle = null;
    this.step(run, this.position());
    if (run === this.run) this.schedule(run);
  }

  /** Where the pass is: on the newest sounding turn's audio when one plays, else on the clock. */
  private position(): number {
    const now = this.clock.now();
    const lead = this.lead();
    if (lead?.item && lead.status === 'playing') {
      const item = lead.item;
      const within = lead.voice.media.currentTime * 1000 - (item.trimStartMs ?? 0);
      this.anchorMs = item.startMs + Math.max(0, Math.min(item.durationMs, within));
      this.anchorAt = now;
    } else if (lead?.status === 'loading') {
      this.anchorAt = now; // the position waits for the audio
    }
    return this.anchorMs + (now - this.anchorAt);
  }

  /** The voice with the latest-starting turn. */
  private lead(): VoiceState | undefined {
    let best: VoiceState | undefined;
    for (const state of this.voices) {
      if (state.item && (!best?.item || state.item.startMs >= best.item.startMs)) best = state;
    }
    return best;
  }

  private step(run: number, positionMs: number): void {
    if (this.loop && positionMs >= this.loop.toMs) {
      this.startAt(this.loop.fromMs);
      return;
    }
    // Turns that have ended stop (at their trimmed end, which may come before the element's).
    for (const state of this.voices) {
      if (state.item && positionMs >= this.endOf(state.item)) this.release(state, run, false);
    }
    // Turns that have begun start, on a free element (the oldest sounding one gives way when none is).
    while (this.nextIndex < this.items.length) {
      const item = this.items[this.nextIndex]!;
      if (item.startMs > positionMs) break;
      this.nextIndex++;
      if (this.endOf(item) <= positionMs) continue;
      const free =
        this.voices.find((state) => state.status === 'idle') ??
        this.voices.reduce((a, b) => ((a.item?.startMs ?? 0) <= (b.item?.startMs ?? 0) ? a : b));
      const withinMs = item.startMs >= this.previousMs ? 0 : positionMs - item.startMs;
      void this.startVoice(run, free, item, withinMs);
    }
    this.applyGains(positionMs);
    const end = this.endMs;
    const sounding = this.voices.some((state) => state.status !== 'idle');
    const over = !this.keepTime || positionMs >= end;
    if (!sounding && this.nextIndex >= this.items.length && !this.loop && over) {
      this.halt();
      this.setState({
        status: 'stopped',
        segmentId: null,
        positionMs: Math.round(Math.min(end, positionMs)),
      });
      return;
    }
    const lead = this.lead();
    const upcoming = this.items[this.nextIndex];
    // Nothing sounds before the next turn's gap: the time of turns without audio is skipped.
    if (!this.keepTime && !sounding && upcoming && upcoming.startMs - upcoming.gapBeforeMs > positionMs) {
      positionMs = upcoming.startMs - upcoming.gapBeforeMs;
      this.anchorMs = positionMs;
      this.anchorAt = this.clock.now();
    }
    this.previousMs = positionMs;
    this.setState({
      status: lead ? (lead.status === 'loading' ? 'loading' : 'playing') : 'gap',
      segmentId: lead?.item?.segmentId ?? upcoming?.segmentId ?? null,
      positionMs: Math.round(positionMs),
    });
  }

  private applyGains(positionMs: number): void {
    for (const state of this.voices) {
      if (state.item) this.setGain(state, itemGainAt(state.item, positionMs - state.item.startMs));
    }
  }

  private setGain(state: VoiceState, gain: number): void {
    if (state.gain === gain) return;
    state.gain = gain;
    state.voice.output.setGain(gain);
  }

  private async startVoice(
    run: number,
    state: VoiceState,
    item: PlaybackItem,
    withinMs: number,
  ): Promise<void> {
    if (state.status !== 'idle') this.silence(state);
    const token = ++state.token;
    state.item = item;
    state.status = 'loading';
    let url: string;
    try {
      url = await this.resolveUrl(item.hash!);
    } catch {
      if (run !== this.run || token !== state.token) return;
      this.events.onError('The audio of a turn could not be found. Render the turn again.');
      this.release(state, run);
      return;
    }
    if (run !== this.run || token !== state.token) return;
    const media = state.voice.media;
    this.setGain(state, itemGainAt(item, withinMs));
    media.src = url;
    media.currentTime = ((item.trimStartMs ?? 0) + Math.max(0, withinMs)) / 1000;
    try {
      await media.play();
    } catch (error) {
      if (run !== this.run || token !== state.token) return;
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
    if (run !== this.run || token !== state.token) return;
    state.status = 'playing';
    this.step(run, this.position());
  }

  /** A voice's turn is over (ended, failed or past its end): the voice is free. */
  private release(state: VoiceState, run: number, update = true): void {
    if (run !== this.run || !state.item) return;
    const item = state.item;
    this.silence(state);
    // An element that ends a little before the timeline says: the position goes on from the turn's end.
    if (this.lead() === undefined && this.anchorMs < this.endOf(item)) {
      this.anchorMs = this.endOf(item);
      this.anchorAt = this.clock.now();
    }
    if (update) this.step(run, this.position());
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
