import { describe, expect, it } from 'vitest';
import { AbPlayer, type AbPhase } from './ab-player';
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
    player.play('url:a', 'url:b', 0.5);
    await flush();
    expect(media.played).toEqual(['url:a']);
    expect(phases).toEqual(['A']);
    expect(gains).toEqual([0.5]);
    media.end();
    await flush();
    expect(media.played).toEqual(['url:a', 'url:b']);
    expect(phases).toEqual(['A', 'B']);
    media.end();
    expect(phases).toEqual(['A', 'B', 'done']);
    player.play('url:a', 'url:b', 1);
    player.stop();
    media.end();
    await flush();
    expect(phases.at(-1)).toBe('done');
    expect(media.played).toHaveLength(3);
    player.dispose();
  });
});
