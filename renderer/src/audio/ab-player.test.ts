import { describe, expect, it } from 'vitest';
import { AbPlayer, type AbPhase, type AbSide } from './ab-player';
import type { MediaLike } from './sequential-player';

class FakeMedia implements MediaLike {
  src = '';
  currentTime = 0;
  played: string[] = [];
  private ended: (() => void) | null = null;
  async play() {
    this.played.push(this.src);
  }
  pause() {}
  addEventListener(type: string, listener: () => void) {
    if (type === 'ended') this.ended = listener;
  }
  removeEventListener() {
    this.ended = null;
  }
  end() {
    this.ended?.();
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const side = (url: string, gain = 0.5): AbSide => ({ url, gain, name: url });

describe('A/B player', () => {
  it('plays A, then B, says which, and ends; stop ends it at once', async () => {
    const media = new FakeMedia();
    const phases: AbPhase[] = [];
    const gains: number[] = [];
    const player = new AbPlayer(
      media,
      { setGain: (g) => gains.push(g) },
      (p) => phases.push(p),
      () => {},
    );
    player.play(side('url:a'), side('url:b'));
    await flush();
    expect(media.played).toEqual(['url:a']);
    expect(phases).toEqual(['A']);
    expect(gains).toEqual([0.5]);
    media.end();
    await flush();
    expect(media.played).toEqual(['url:a', 'url:b']);
    expect(phases).toEqual(['A', 'B']);
    expect(gains).toEqual([0.5, 0.5]);
    media.end();
    expect(phases).toEqual(['A', 'B', 'done']);
    player.play(side('url:a'), side('url:b'));
    player.stop();
    media.end();
    await flush();
    expect(phases.at(-1)).toBe('done');
    expect(media.played).toHaveLength(3);
    player.dispose();
  });

  it('plays each side at its own gain: the clip as stored, the take at its speaker level', async () => {
    const media = new FakeMedia();
    const gains: number[] = [];
    const player = new AbPlayer(
      media,
      { setGain: (g) => gains.push(g) },
      () => {},
      () => {},
    );
    player.play({ url: 'clip', gain: 1, name: 'the clip' }, { url: 'take', gain: 0.25, name: 'take' });
    await flush();
    media.end();
    await flush();
    expect(media.played).toEqual(['clip', 'take']);
    expect(gains).toEqual([1, 0.25]);
    player.dispose();
  });

  it('toggle jumps to the other side and plays it alone; from rest it plays the side not heard last', async () => {
    const media = new FakeMedia();
    const phases: AbPhase[] = [];
    const player = new AbPlayer(
      media,
      { setGain: () => {} },
      (p) => phases.push(p),
      () => {},
    );
    player.play(side('a'), side('b'));
    await flush();
    expect(player.toggleTarget()).toBe('B');
    player.toggle();
    await flush();
    expect(media.played).toEqual(['a', 'b']);
    expect(player.toggleTarget()).toBe('A');
    player.toggle();
    await flush();
    expect(media.played).toEqual(['a', 'b', 'a']);
    // A toggled side plays alone: at its end the comparison rests, it does not go on to B.
    media.end();
    await flush();
    expect(phases).toEqual(['A', 'B', 'A', 'done']);
    expect(media.played).toEqual(['a', 'b', 'a']);
    expect(player.toggleTarget()).toBe('B');
    player.toggle();
    await flush();
    expect(media.played.at(-1)).toBe('b');
    player.dispose();
  });

  it('a side that cannot play is named in the message and ends the comparison', async () => {
    const media = new FakeMedia();
    media.play = () => Promise.reject(new Error('no device'));
    const errors: string[] = [];
    const phases: AbPhase[] = [];
    const player = new AbPlayer(
      media,
      { setGain: () => {} },
      (p) => phases.push(p),
      (m) => errors.push(m),
    );
    player.play({ url: 'clip', gain: 1, name: 'the clip' }, side('take'));
    await flush();
    expect(errors).toEqual(['A (the clip) could not be played. Click in the window, then try again.']);
    expect(phases).toEqual(['A', 'done']);
  });
});
