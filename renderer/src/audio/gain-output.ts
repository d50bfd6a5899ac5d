/**
 * Speaker levels for what a media element plays. An element's `volume` stops at 1, but a speaker can be
 * raised by up to +12 dB, so a boost routes the element through Web Audio (element → gain node → output).
 * Cuts and unity gain use `volume`, which needs nothing else: an episode whose speakers are all at 0 dB or
 * below never makes an AudioContext. The context is made when a boost is first played (after a click, so
 * the browser lets it run) and shared by every element; an element is routed when it plays with a boost,
 * and only once that context runs, so a context the browser holds back never silences playback: the
 * element stays on `volume` (boosts then stop at 1) until it runs. A running context keeps the audio
 * device open and its rendering thread busy, so it is suspended once no routed element has played for a
 * while (IDLE_SUSPEND_MS) and resumed when one plays again.
 */

/** How long the shared context may sit idle before it is suspended (longer than any gap between turns). */
export const IDLE_SUSPEND_MS = 5_000;

/** Sets the level of what a media element plays from now on (linear factor; above 1 is a boost). */
export interface GainControl {
  setGain(factor: number): void;
}

export interface GainOutput extends GainControl {
  /** Disconnects the element's Web Audio nodes, if it has any; the element is then done with. */
  dispose(): void;
}

/** Hands out gain stages for media elements; dispose() releases them all and the AudioContext. */
export interface GainOutputs {
  attach(element: HTMLMediaElement): GainOutput;
  dispose(): void;
}

function cleanFactor(factor: number): number {
  return Number.isFinite(factor) ? Math.max(0, factor) : 1;
}

/** A gain stage that only has the element's volume: cuts work, boosts stop at unity. */
export function volumeOutput(element: { volume: number }): GainOutput {
  return {
    setGain: (factor) => {
      element.volume = Math.min(1, cleanFactor(factor));
    },
    dispose: () => {},
  };
}

/** Gain stages on `volume` alone, for tests and for places without Web Audio. */
export const volumeOutputs: GainOutputs = { attach: volumeOutput, dispose: () => {} };

export class WebAudioGainOutputs implements GainOutputs {
  private context: AudioContext | null = null;
  /** Set once the browser refused an AudioContext: every element then stays on its volume. */
  private unavailable = false;
  private readonly outputs = new Set<ElementGain>();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly createContext: () => AudioContext = () => new AudioContext(),
    private readonly idleMs = IDLE_SUSPEND_MS,
  ) {}

  /** A routed element paused or ended: suspend the context once nothing routed plays for idleMs. */
  noteIdle(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      const context = this.context;
      const playing = [...this.outputs].some((output) => output.isPlayingRouted());
      if (context && !playing && context.state === 'running') void context.suspend().catch(() => {});
    }, this.idleMs);
  }

  attach(element: HTMLMediaElement): GainOutput {
    const output = new ElementGain(element, this, () => this.outputs.delete(output));
    this.outputs.add(output);
    return output;
  }

  /** The shared context, made on first use; null when the browser will not make one. */
  sharedContext(): AudioContext | null {
    if (this.context || this.unavailable) return this.context;
    try {
      this.context = this.createContext();
    } catch {
      this.unavailable = true;
    }
    return this.context;
  }

  dispose(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    for (const output of [...this.outputs]) output.dispose();
    const context = this.context;
    this.context = null;
    this.unavailable = true;
    if (context) void context.close().catch(() => {});
  }
}

class ElementGain implements GainOutput {
  private wanted = 1;
  private route: { context: AudioContext; source: AudioNode; gain: GainNode } | null = null;
  /** A route is being made (waiting for the context to run), or cannot be made for this element. */
  private routing = false;
  private failed = false;
  private disposed = false;
  private readonly onPlay = () => {
    if (this.route) this.resumeIfSuspended(this.route.context);
    else this.routeIfBoosted();
  };
  private readonly onStop = () => {
    if (this.route) this.owner.noteIdle();
  };

  constructor(
    private readonly element: HTMLMediaElement,
    private readonly owner: WebAudioGainOutputs,
    private readonly onDispose: () => void,
  ) {
    element.addEventListener('play', this.onPlay);
    element.addEventListener('pause', this.onStop);
    element.addEventListener('ended', this.onStop);
  }

  /** True while this element plays through the context. */
  isPlayingRouted(): boolean {
    return this.route !== null && !this.element.paused;
  }

  setGain(factor: number): void {
    if (this.disposed) return;
    this.wanted = cleanFactor(factor);
    const route = this.route;
    if (route) {
      route.gain.gain.value = this.wanted;
      this.resumeIfSuspended(route.context);
      return;
    }
    this.element.volume = Math.min(1, this.wanted);
    // A paused element is routed when it starts playing (the player sets the gain just before play()).
    if (!this.element.paused) this.routeIfBoosted();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.element.removeEventListener('play', this.onPlay);
    this.element.removeEventListener('pause', this.onStop);
    this.element.removeEventListener('ended', this.onStop);
    if (this.route) {
      this.route.source.disconnect();
      this.route.gain.disconnect();
      this.route = null;
    }
    this.onDispose();
  }

  /** A context can be suspended under us (by the system, or a browser policy); a routed element needs it. */
  private resumeIfSuspended(context: AudioContext): void {
    if (context.state === 'suspended') void context.resume().catch(() => {});
  }

  private routeIfBoosted(): void {
    if (this.disposed || this.route || this.routing || this.failed || this.wanted <= 1) return;
    const context = this.owner.sharedContext();
    if (!context) return;
    this.routing = true;
    const connect = () => {
      this.routing = false;
      if (this.disposed || this.route || context.state !== 'running') return;
      try {
        const gain = context.createGain();
        // Made last: from here on the element is heard only through the context.
        const source = context.createMediaElementSource(this.element);
        gain.gain.value = this.wanted;
        source.connect(gain).connect(context.destination);
        this.route = { context, source, gain };
        this.element.volume = 1;
      } catch {
        // An element feeds at most one source node, ever; when it cannot, it keeps its volume for good.
        this.failed = true;
      }
    };
    if (context.state === 'running') connect();
    else
      context.resume().then(connect, () => {
        this.routing = false;
      });
  }
}
