/**
 * Set-up of every component test (vitest's `dom` project, `*.test.tsx`): what happy-dom does not do, stubbed
 * here and nowhere else. wavesurfer.js becomes a recorder of the instances the components create; media
 * elements play nothing (each play() is recorded and resolves, a test ends one with `endMedia`); canvases get
 * a 2D context that draws nothing. Testing Library unmounts after each test.
 */
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

// React's act() warnings are on, as Testing Library's own set-up does under globals (not used here).
globalThis.IS_REACT_ACT_ENVIRONMENT = true;
// findBy*/waitFor poll for a state; the timeout is only a hang guard for a loaded machine.
configure({ asyncUtilTimeout: 20_000 });

type Listener = (...args: unknown[]) => void;

const surfers = vi.hoisted(() => {
  /** One WaveSurfer.create() call: its options, listeners and what was asked of it. */
  class FakeWaveSurfer {
    readonly listeners = new Map<string, Set<Listener>>();
    destroyed = false;
    playing = false;
    timeSeconds = 0;
    constructor(readonly options: Record<string, unknown>) {}
    on(event: string, listener: Listener): () => void {
      const set = this.listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      this.listeners.set(event, set);
      return () => set.delete(listener);
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(event) ?? []) listener(...args);
    }
    async playPause(): Promise<void> {
      this.playing = !this.playing;
      if (this.playing) this.emit('play');
    }
    pause(): void {
      this.playing = false;
    }
    setTime(seconds: number): void {
      this.timeSeconds = seconds;
    }
    destroy(): void {
      this.destroyed = true;
      this.listeners.clear();
    }
  }
  // One list for the worker: with `isolate: false` a component module loaded by an earlier test file keeps
  // the wavesurfer mock of that file's set-up, and its instances must still land here.
  const shared = globalThis as { fakeWaveSurfers?: FakeWaveSurfer[] };
  const created = (shared.fakeWaveSurfers ??= []);
  return { FakeWaveSurfer, created };
});

vi.mock('wavesurfer.js', () => ({
  default: {
    create(options: Record<string, unknown>) {
      const instance = new surfers.FakeWaveSurfer(options);
      surfers.created.push(instance);
      return instance;
    },
  },
}));

export type FakeWaveSurfer = InstanceType<typeof surfers.FakeWaveSurfer>;

/** The wavesurfer instances created in this test, oldest first. */
export function waveSurfers(): readonly FakeWaveSurfer[] {
  return surfers.created;
}

/** Every play() of a media element in this test: the element and the URL it played. */
const plays: Array<{ element: HTMLMediaElement; src: string }> = [];

export function mediaPlays(): ReadonlyArray<{ element: HTMLMediaElement; src: string }> {
  return plays;
}

/** Ends what `element` plays, as the browser does at the end of the file. */
export function endMedia(element: HTMLMediaElement): void {
  element.dispatchEvent(new Event('ended'));
}

const mediaPaused = new WeakMap<HTMLMediaElement, boolean>();
Object.defineProperties(HTMLMediaElement.prototype, {
  play: {
    configurable: true,
    value(this: HTMLMediaElement) {
      plays.push({ element: this, src: this.src });
      mediaPaused.set(this, false);
      return Promise.resolve();
    },
  },
  pause: {
    configurable: true,
    value(this: HTMLMediaElement) {
      mediaPaused.set(this, true);
    },
  },
  load: { configurable: true, value() {} },
  paused: {
    configurable: true,
    get(this: HTMLMediaElement) {
      return mediaPaused.get(this) ?? true;
    },
  },
});

/** A 2D context whose every method does nothing (measureText measures 6 px a character). */
function silentContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<PropertyKey, unknown> = { canvas };
  return new Proxy(state, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'measureText') return (text: string) => ({ width: text.length * 6 });
      if (key === 'createLinearGradient' || key === 'createRadialGradient')
        return () => ({ addColorStop() {} });
      if (key === 'getImageData' || key === 'createImageData')
        return (_x: number, _y: number, w = 1, h = 1) => ({ data: new Uint8ClampedArray(w * h * 4) });
      if (key === 'getLineDash') return () => [];
      return () => undefined;
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
  configurable: true,
  value(this: HTMLCanvasElement, kind: string) {
    return kind === '2d' ? silentContext(this) : null;
  },
});

beforeEach(() => {
  surfers.created.length = 0;
  plays.length = 0;
});

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
