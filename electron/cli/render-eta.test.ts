import { describe, expect, it } from 'vitest';
import { RenderEta, SETTLE_MS } from './render-eta';

describe('RenderEta', () => {
  const make = (chars: Record<string, number>) => {
    let now = 0;
    const eta = new RenderEta(
      (id) => chars[id] ?? 0,
      Object.values(chars).reduce((sum, n) => sum + n, 0),
      () => now,
    );
    return { eta, at: (ms: number) => (now = ms) };
  };

  it('says nothing before the second rendered turn: the first carries the start-up, the cache takes no time', () => {
    const { eta, at } = make({ a: 100, b: 100, cached: 1000 });
    expect(eta.etaMs()).toBeNull();
    at(5);
    eta.finished('cached', 'cache');
    expect(eta.etaMs()).toBeNull();
    at(3000); // a slow first turn (threads, loading, a cold JIT)
    eta.finished('a', 'engine');
    expect(eta.etaMs()).toBeNull();
  });

  it('says nothing until the engine has rendered for a while past its first turn (its JIT still warming)', () => {
    const { eta, at } = make({ a: 100, b: 100, c: 100, d: 1000 });
    at(1000);
    eta.finished('a', 'engine');
    at(1000 + SETTLE_MS / 2);
    eta.finished('b', 'engine');
    expect(eta.etaMs()).toBeNull();
    at(1000 + SETTLE_MS);
    eta.finished('c', 'engine'); // 200 characters in SETTLE_MS: 1000 left
    expect(eta.etaMs()).toBeCloseTo((1000 * (SETTLE_MS / 2)) / 100, 6);
  });

  it('goes by characters at the pace of the recent half of the time since the first turn', () => {
    const chars: Record<string, number> = { first: 50, cached: 5000 };
    for (let i = 0; i < 30; i++) chars[`t${i}`] = 100;
    const { eta, at } = make(chars);
    eta.finished('cached', 'cache'); // takes no time, leaves fewer characters to go
    at(1000);
    eta.finished('first', 'engine');
    // Ten turns warming up at 40 ms per character (to 41 000 ms), then ten at 10 (to 51 000 ms).
    for (let i = 0; i < 20; i++) {
      at(i < 10 ? 5000 + 4000 * i : 42_000 + 1000 * (i - 10));
      eta.finished(`t${i}`, 'engine');
    }
    // The recent half of the 50 s since the first turn starts at 26 000 ms; the turn before it finished at
    // 25 000 ms with 600 characters: 1400 characters in 26 000 ms since, and 1000 characters to go. (The
    // pace since the first turn would say 25 000 ms.)
    expect(eta.etaMs()).toBeCloseTo((1000 * 26_000) / 1400, 6);
    // Between turns the time since the last one is taken off, never below zero.
    at(51_100);
    expect(eta.etaMs()).toBeCloseTo((1000 * 26_000) / 1400 - 100, 6);
    at(1_000_000);
    expect(eta.etaMs()).toBe(0);
  });

  it('has the warm pace once the warm-up is out of the recent half', () => {
    const chars: Record<string, number> = { first: 50 };
    for (let i = 0; i < 30; i++) chars[`t${i}`] = 100;
    const { eta, at } = make(chars);
    at(0);
    eta.finished('first', 'engine');
    at(4000); // one slow turn: 40 ms per character
    eta.finished('t0', 'engine');
    for (let i = 1; i < 10; i++) {
      at(4000 + 1000 * i); // then 10 ms per character, to 13 000 ms
      eta.finished(`t${i}`, 'engine');
    }
    // 20 turns of 100 characters to go at 10 ms each (the pace since the first turn: 13 ms).
    expect(eta.etaMs()).toBeCloseTo(20_000, 6);
  });
});
