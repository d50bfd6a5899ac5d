import { describe, expect, it } from 'vitest';
import { volumeOutput, WebAudioGainOutputs } from './gain-output';

class FakeNode {
  connectedTo: FakeNode | null = null;
  disconnected = false;
  readonly gain = { value: 1 };
  constructor(readonly kind: string) {}
  connect(node: FakeNode) {
    this.connectedTo = node;
    return node;
  }
  disconnect() {
    this.disconnected = true;
    this.connectedTo = null;
  }
}

class FakeContext {
  state: 'running' | 'suspended' | 'closed';
  readonly destination = new FakeNode('destination');
  readonly sources = new Map<unknown, FakeNode>();
  readonly gains: FakeNode[] = [];
  closed = 0;
  suspended = 0;
  async suspend() {
    this.suspended++;
    this.state = 'suspended';
  }
  private resumed: () => void = () => {};
  constructor(state: 'running' | 'suspended') {
    this.state = state;
  }
  createGain() {
    const node = new FakeNode('gain');
    this.gains.push(node);
    return node;
  }
  createMediaElementSource(element: unknown) {
    if (this.sources.has(element)) throw new Error('InvalidStateError');
    const node = new FakeNode('source');
    this.sources.set(element, node);
    return node;
  }
  resume() {
    return new Promise<void>((resolve) => {
      this.resumed = () => {
        this.state = 'running';
        resolve();
      };
    });
  }
  /** What the browser does once it lets the context run. */
  allow() {
    this.resumed();
  }
  async close() {
    this.closed++;
    this.state = 'closed';
  }
}

class FakeElement {
  volume = 1;
  paused = true;
  readonly listeners = new Set<() => void>();
  readonly stopListeners = new Set<() => void>();
  addEventListener(type: string, listener: () => void) {
    if (type === 'play') this.listeners.add(listener);
    else this.stopListeners.add(listener);
  }
  removeEventListener(type: string, listener: () => void) {
    if (type === 'play') this.listeners.delete(listener);
    else this.stopListeners.delete(listener);
  }
  play() {
    this.paused = false;
    for (const listener of this.listeners) listener();
  }
  pause() {
    this.paused = true;
    for (const listener of this.stopListeners) listener();
  }
}

/** A playing element (the player sets the gain just before play(); see the paused case below). */
function element() {
  const fake = new FakeElement();
  fake.paused = false;
  return fake as unknown as HTMLMediaElement;
}

function outputs(context: FakeContext | (() => never), idleMs?: number) {
  let made = 0;
  const owner = new WebAudioGainOutputs(() => {
    made++;
    if (typeof context === 'function') return context();
    return context as unknown as AudioContext;
  }, idleMs);
  return { owner, made: () => made };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('gain outputs', () => {
  it('cuts with the element volume and makes no AudioContext while nothing is boosted', () => {
    const { owner, made } = outputs(new FakeContext('running'));
    const media = element();
    const output = owner.attach(media);
    output.setGain(0.5);
    expect(media.volume).toBe(0.5);
    output.setGain(1);
    expect(media.volume).toBe(1);
    output.setGain(Number.NaN);
    expect(media.volume).toBe(1);
    expect(made()).toBe(0);
    owner.dispose();
  });

  it('routes a boosted element through one shared gain node, which then also does the cuts', () => {
    const context = new FakeContext('running');
    const { owner, made } = outputs(context);
    const media = element();
    const output = owner.attach(media);
    output.setGain(2);
    const source = context.sources.get(media)!;
    const gain = context.gains[0]!;
    expect(source.connectedTo).toBe(gain);
    expect(gain.connectedTo).toBe(context.destination);
    expect(gain.gain.value).toBe(2);
    expect(media.volume).toBe(1);
    output.setGain(0.25);
    expect(gain.gain.value).toBe(0.25);
    expect(media.volume).toBe(1);

    // A second element (the audition) shares the context.
    const other = element();
    owner.attach(other).setGain(4);
    expect(made()).toBe(1);
    expect(context.sources.has(other)).toBe(true);

    owner.dispose();
    expect(source.disconnected).toBe(true);
    expect(gain.disconnected).toBe(true);
    expect(context.closed).toBe(1);
    owner.dispose();
    expect(context.closed).toBe(1);
  });

  it('routes a paused element when it starts to play, and lets go of it on dispose', () => {
    const context = new FakeContext('running');
    const { owner, made } = outputs(context);
    const fake = new FakeElement();
    const output = owner.attach(fake as unknown as HTMLMediaElement);
    output.setGain(2);
    expect(made()).toBe(0);
    expect(fake.volume).toBe(1);
    fake.play();
    expect(context.sources.has(fake)).toBe(true);
    expect(context.gains[0]!.gain.value).toBe(2);
    output.dispose();
    expect(fake.listeners.size).toBe(0);
    owner.dispose();
  });

  it('keeps the element on its volume until a held-back context is allowed to run', async () => {
    const context = new FakeContext('suspended');
    const { owner } = outputs(context);
    const media = element();
    const output = owner.attach(media);
    output.setGain(2);
    output.setGain(3);
    await flush();
    expect(context.sources.size).toBe(0);
    expect(media.volume).toBe(1);
    context.allow();
    await flush();
    expect(context.gains[0]!.gain.value).toBe(3);
    expect(context.sources.size).toBe(1);
    owner.dispose();
  });

  it('falls back to volume = min(1, gain) when no AudioContext can be made, and does not keep asking', () => {
    const { owner, made } = outputs(() => {
      throw new Error('NotSupportedError');
    });
    const media = element();
    const output = owner.attach(media);
    output.setGain(2);
    expect(media.volume).toBe(1);
    output.setGain(0.5);
    expect(media.volume).toBe(0.5);
    output.setGain(4);
    expect(made()).toBe(1);
    owner.dispose();
  });

  it('an element that cannot feed a source node stays on its volume', () => {
    const context = new FakeContext('running');
    const { owner } = outputs(context);
    const media = element();
    context.sources.set(media, new FakeNode('elsewhere'));
    const output = owner.attach(media);
    output.setGain(2);
    output.setGain(0.5);
    expect(media.volume).toBe(0.5);
    owner.dispose();
  });

  it('volumeOutput clamps to the element range', () => {
    const media = { volume: 1 };
    const output = volumeOutput(media);
    output.setGain(3);
    expect(media.volume).toBe(1);
    output.setGain(-1);
    expect(media.volume).toBe(0);
  });

  it('suspends the shared context once nothing routed has played for a while, and resumes it on play', async () => {
    const context = new FakeContext('running');
    const { owner } = outputs(context, 5);
    const media = element();
    const output = owner.attach(media);
    output.setGain(2);
    const fake = media as unknown as FakeElement;
    fake.pause();
    fake.play();
    await new Promise((r) => setTimeout(r, 20));
    // It played again before the idle time ran out: still running.
    expect(context.suspended).toBe(0);
    fake.pause();
    await new Promise((r) => setTimeout(r, 20));
    expect(context.suspended).toBe(1);
    expect(context.state).toBe('suspended');
    fake.play();
    context.allow();
    await flush();
    expect(context.state).toBe('running');
    owner.dispose();
    expect(fake.listeners.size + fake.stopListeners.size).toBe(0);
  });
});
