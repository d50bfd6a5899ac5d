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

const noGain = { setGain: () => {} };

/** Records every gain set, with what the element was playing just before (the gain comes first). */
class GainLog {
  readonly set: Array<{ gain: number; src: string }> = [];
  constructor(private readonly media: FakeMedia) {}
  setGain(gain: number) {
    this.set.push({ gain, src: this.media.src });
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function items(): PlaybackItem[] {
  return [
    { segmentId: 'a', startMs: 0, gapBeforeMs: 0, durationMs: 1000, hash: 'h1', gain: 1 },
    { segmentId: 'b', startMs: 1500, gapBeforeMs: 500, durationMs: 800, hash: null, gain: 2 },
    { segmentId: 'c', startMs: 2800, gapBeforeMs: 500, durationMs: 700, hash: 'h3', gain: 0.5 },
  ];
}

describe('sequential player', () => {
  it('plays turns in order through one element, waits out gaps, skips turns without audio, and stops at the end', async () => {
    const media = new FakeMedia();
    const clock = new ManualClock();
    const states: PlayerState[] = [];
    const player = new SequentialPlayer(
      media,
      async (hash) => `url:${hash}`,
      clock,
      {
        onState: (s) => states.push(s),
        onError: () => {},
      },
      noGain,
    );
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
    const player = new SequentialPlayer(
      media,
      () => new Promise((r) => (release = r)),
      clock,
      {
        onState: () => {},
        onError: () => {},
      },
      noGain,
    );
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
      noGain,
    );
    player.play(items().slice(2), { offsetMs: 300 });
    await flush();
    expect(media.currentTime).toBeCloseTo(0.3);
    player.play(items());
    await flush();
    expect(errors).toHaveLength(1);
    expect(player.current).toMatchObject({ status: 'gap', segmentId: 'c' });
  });

  it("plays each turn at its speaker's gain, set before the turn starts", async () => {
    const media = new FakeMedia();
    const clock = new ManualClock();
    const gains = new GainLog(media);
    const player = new SequentialPlayer(
      media,
      async (hash) => `url:${hash}`,
      clock,
      { onState: () => {}, onError: () => {} },
      gains,
    );
    player.play(items());
    await flush();
    expect(gains.set).toEqual([{ gain: 1, src: '' }]);
    media.fire('ended');
    clock.advance(500);
    await flush();
    expect(gains.set.map((g) => g.gain)).toEqual([1, 0.5]);
    expect(gains.set[1]!.src).toBe('url:h1'); // set before the element moved on to the next take
    expect(media.played).toEqual(['url:h1', 'url:h3']);
    player.dispose();
  });

  it('new gains while playing change the turn playing now and the turns still to come', async () => {
    const media = new FakeMedia();
    const clock = new ManualClock();
    const gains = new GainLog(media);
    const player = new SequentialPlayer(
      media,
      async (hash) => `url:${hash}`,
      clock,
      { onState: () => {}, onError: () => {} },
      gains,
    );
    const list = items();
    player.play(list);
    await flush();
    player.updateGains((id) => (id === 'a' ? 2 : id === 'c' ? 4 : undefined));
    expect(gains.set.map((g) => g.gain)).toEqual([1, 2]);
    expect(list[0]!.gain).toBe(1); // the caller's items are not changed
    media.fire('ended');
    clock.advance(500);
    await flush();
    expect(gains.set.map((g) => g.gain)).toEqual([1, 2, 4]);
    player.stop();
    player.updateGains(() => 8);
    expect(gains.set).toHaveLength(3);
    player.dispose();
  });

  it('plays a trimmed turn from its trim, fades it, overlaps the next on a second element, and loops', async () => {
    const main = new FakeMedia();
    const overlay = new FakeMedia();
    const clock = new ManualClock();
    const mainGains = new GainLog(main);
    const overlayGains = new GainLog(overlay);
    const player = new SequentialPlayer(
      main,
      async (hash) => `url:${hash}`,
      clock,
      { onState: () => {}, onError: () => {} },
      mainGains,
      { media: overlay, output: overlayGains },
    );
    const list: PlaybackItem[] = [
      {
        segmentId: 'a',
        startMs: 0,
        gapBeforeMs: 0,
        durationMs: 1000,
        hash: 'h1',
        gain: 1,
        trimStartMs: 200,
        fadeInMs: 100,
      },
      // Cross-talk: b starts 300 ms before a ends.
      { segmentId: 'b', startMs: 700, gapBeforeMs: 0, durationMs: 600, hash: 'h2', gain: 1, fadeOutMs: 200 },
    ];
    player.play(list);
    await flush();
    expect(main.currentTime).toBeCloseTo(0.2); // the trimmed start is not heard
    expect(mainGains.set[0]!.gain).toBe(0); // the fade in starts from silence
    main.currentTime = 0.25; // 50 ms into the heard part: half way up the fade
    clock.advance(16);
    expect(player.current.positionMs).toBe(50);
    expect(mainGains.set.at(-1)!.gain).toBeCloseTo(0.5, 6);
    main.currentTime = 0.9; // position 700: b begins on the other element while a goes on
    clock.advance(16);
    await flush();
    expect(overlay.played).toEqual(['url:h2']);
    expect(overlay.currentTime).toBe(0);
    expect(main.playing).toBe(true);
    expect(player.current.segmentId).toBe('b');
    overlay.currentTime = 0.31; // position 1010: a is past its trimmed end and stops, b plays on
    clock.advance(16);
    expect(main.playing).toBe(false);
    expect(overlay.playing).toBe(true);
    overlay.currentTime = 0.5; // 100 ms before b's end: half way down its fade out
    clock.advance(16);
    expect(overlayGains.set.at(-1)!.gain).toBeCloseTo(0.5, 6);
    player.stop();

    // A loop over [600, 900) goes back to 600 at 900, with both turns sounding again.
    player.play(list, { loop: { fromMs: 600, toMs: 900 } });
    await flush();
    expect(main.currentTime).toBeCloseTo(0.8);
    main.currentTime = 1.05; // position 850
    clock.advance(16);
    await flush();
    expect(overlay.played).toEqual(['url:h2', 'url:h2']);
    overlay.currentTime = 0.21; // position 910: past the loop's end
    clock.advance(16);
    await flush();
    expect(main.currentTime).toBeCloseTo(0.8);
    expect(player.current.status).not.toBe('stopped');
    player.dispose();
  });
});
