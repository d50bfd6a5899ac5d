import { describe, expect, it } from 'vitest';
import { RenderEta } from './render-eta';

describe('RenderEta', () => {
  const chars: Record<string, number> = { a: 100, b: 100, c: 600, d: 200, cached: 1000 };
  const make = () => {
    let now = 0;
    const eta = new RenderEta(
      (id) => chars[id] ?? 0,
      Object.values(chars).reduce((sum, n) => sum + n, 0),
      () => now,
    );
    return { eta, at: (ms: number) => (now = ms) };
  };

  it('says nothing before the second rendered turn: the first carries the start-up, the cache takes no time', () => {
    const { eta, at } = make();
    expect(eta.etaMs()).toBeNull();
    at(5);
    eta.finished('cached', 'cache');
    expect(eta.etaMs()).toBeNull();
    at(3000); // a slow first turn (threads, loading, a cold JIT)
    eta.finished('a', 'engine');
    expect(eta.etaMs()).toBeNull();
  });

  it('goes by characters at the pace since the first rendered turn', () => {
    const { eta, at } = make();
    eta.finished('cached', 'cache');
    at(3000);
    eta.finished('a', 'engine');
    at(3200);
    eta.finished('b', 'engine'); // 100 characters in 200 ms
    // 800 characters left (c and d): 1600 ms, however many turns they are.
    expect(eta.etaMs()).toBeCloseTo(1600, 9);
    at(4400);
    eta.finished('c', 'engine'); // 700 characters in 1400 ms since the first
    expect(eta.etaMs()).toBeCloseTo(400, 9);
  });
});
