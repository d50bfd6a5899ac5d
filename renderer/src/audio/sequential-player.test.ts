import { describe, expect, it } from 'vitest';
import {
  SequentialPlayer,
  type MediaLike,
  type PlaybackItem,
  type PlayerClock,
  type PlayerState,
} from './sequential-player';

class FakeMedia implements MediaLike {
  src = '';
  currentTime = 0;
  playing = false;
  played: string[] = [];
  private readonly listeners = new Map<string, Set<() => void>>();
  async play() {
    this.playing = true;
    this.played.push(this.src);
  }
  pause() {
    this.playing = false;
  }
  addEventListener(type: string, listener: () => void) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, listener: () => void) {
    this.listeners.get(type)?.delete(listener);
  }
  fire(type: 'ended' | 'error') {
    this.playing = false;
    for (const l of this.listeners.get(type) ?? []) l();
  }
}

class ManualClock implements PlayerClock {
  t = 0;
  timers: Array<{ at: number; run: () => void; id: number }> = [];
  frames = new Map<number, () => void>();
  private id = 0;
  now() {
    return this.t;
  }
  setTimeout(run: () => void, ms: number) {
    const id = ++this.id;
    this.timers.push({ at: this.t + ms, run, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  frame(run: () => void) {
    const id = ++this.id;
    this.frames.set(id, run);
    return id;
  }
  cancelFrame(handle: unknown) {
    this.frames.delete(handle as number);
  }
  advance(ms: number) {
    this.t += ms;
    const due = this.timers.filter((t) => t.at <= this.t);
    this.timers = this.timers.filter((t) => t.at > this.t);
    for (const t of due) t.run();
    const frames = [...this.frames.values()];
    this.frames.clear();
    for (const f of frames) f();
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function items(): PlaybackItem[] {
  return [
    { segmentId: 'a', startMs: 0, gapBeforeMs: 0, durationMs: 1000, hash: 'h1' },
    { segmentId: 'b', startMs: 1500, gapBeforeMs: 500, durationMs: 800, hash: null },
    { segmentId: 'c', startMs: 2800, gapBeforeMs: 500, durationMs: 700, hash: 'h3' },
  ];
}

describe('sequential player', () => {
  it('plays turns in order through one element, waits out gaps, skips turns without audio, and stops at the end', async () => {
    const media = new FakeMedia();
    const clock = new ManualClock();
    const states: PlayerState[] = [];
    const player = new SequentialPlayer(media, async (hash) => `url:${hash}`, clock, {
      onState: (s) => states.push(s),
      onError: () => {},
    });
    player.play(items());
    await flush();
    expect(media.played).toEqual(['url:h1']);
    expect(player.current).toMatchObject({ status: 'playing', segmentId: 'a' });
    media.currentTime = 0.4;
    clock.advance(16);
    expect(player.current.positionMs).toBe(400);
    media.fire('ended');
    expect(player.current).toMatchObject({ status: 'gap', segmentId: 'c', positionMs: 2300 });
    clock.advance(250);
    expect(player.current.positionMs).toBe(2550);
    clock.advance(250);
    await flush();
    expect(media.played).toEqual(['url:h1', 'url:h3']);
    expect(player.current).toMatchObject({ status: 'playing', segmentId: 'c' });
    media.fire('ended');
    expect(player.current).toMatchObject({ status: 'stopped', segmentId: null, positionMs: 3500 });
    expect(states.some((s) => s.segmentId === 'b')).toBe(false);
    player.dispose();
  });

  it('stop cancels a pending gap and a late URL does not start playback', async () => {
    const media = new FakeMedia();
    const clock = new ManualClock();
    let release: (url: string) => void = () => {};
    const player = new SequentialPlayer(media, () => new Promise((r) => (release = r)), clock, {
      onState: () => {},
      onError: () => {},
    });
    player.play(items());
    player.stop();
    release('url:late');
    await flush();
    expect(media.played).toEqual([]);
    expect(player.current.status).toBe('stopped');
    expect(clock.frames.size).toBe(0);
  });

  it('starts inside a turn at an offset and reports a failed URL then moves on', async () => {
    const media = new FakeMedia();
    const clock = new ManualClock();
    const errors: string[] = [];
    const player = new SequentialPlayer(
      media,
      async (hash) => {
        if (hash === 'h1') throw new Error('gone');
        return `url:${hash}`;
      },
      clock,
      { onState: () => {}, onError: (m) => errors.push(m) },
    );
    player.play(items().slice(2), { offsetMs: 300 });
    await flush();
    expect(media.currentTime).toBeCloseTo(0.3);
    player.play(items());
    await flush();
    expect(errors).toHaveLength(1);
    expect(player.current).toMatchObject({ status: 'gap', segmentId: 'c' });
  });
});
