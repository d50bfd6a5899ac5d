import { describe, expect, it } from 'vitest';
import type { RenderTiming } from './render-time-model';
import { halfway, KEEP_RENDERS, renderTimeModel, upsertRender } from './render-time-model';

/** A render with a fixed cost and a warm per-character time, checkpointed at half and at the end. */
const render = (
  id: string,
  chars: number,
  fixedMs: number,
  msPerChar: number,
  warmUpMs = 0,
): RenderTiming => ({
  id,
  chars,
  ms: fixedMs + warmUpMs + msPerChar * chars,
  halfChars: chars / 2,
  halfMs: fixedMs + warmUpMs + (msPerChar * chars) / 2,
  atMs: 0,
});

describe('render time model', () => {
  it('takes the per-character time from the second half of a render and the rest as fixed cost', () => {
    const model = renderTimeModel([render('a', 2300, 700, 0.3, 900)]);
    expect(model!.msPerChar).toBeCloseTo(0.3, 9);
    expect(model!.fixedMs).toBeCloseTo(1600, 9);
    // The demo predicts a 90-minute script of ~90 000 characters: fixed cost plus warm time, not 5× that.
    expect(model!.fixedMs + model!.msPerChar * 90_000).toBeCloseTo(1600 + 27_000, 6);
  });

  it('uses only renders whose second half is long enough, a long one counting most', () => {
    expect(renderTimeModel([])).toBeNull();
    expect(renderTimeModel([render('tiny', 300, 500, 0.3)])).toBeNull();
    // Two short renders still warming (0.6 ms a character) and a long one warm (0.25).
    const model = renderTimeModel([
      render('a', 2000, 600, 0.6),
      render('b', 20_000, 800, 0.25),
      render('c', 2000, 700, 0.6),
    ]);
    // (600 + 2500 + 600) ms over (1000 + 10 000 + 1000) characters.
    expect(model!.msPerChar).toBeCloseTo(3700 / 12_000, 9);
    // Fixed cost: the median of what each leaves (600 + 1200 - 617, 800 + 5000 - 6167 → 0, 700 + 1200 - 617).
    expect(model!.fixedMs).toBeCloseTo(1800 - 2000 * (3700 / 12_000), 6);
    // A render that got no faster (or a clock that went back) tells nothing.
    expect(renderTimeModel([{ ...render('d', 2000, 600, 0.3), halfMs: 2000, ms: 1000 }])).toBeNull();
  });

  it('keeps one entry per render, its latest checkpoint, and the newest renders', () => {
    let renders: RenderTiming[] = [];
    renders = upsertRender(renders, render('a', 500, 100, 0.3));
    renders = upsertRender(renders, render('a', 1500, 100, 0.3));
    expect(renders.map((one) => [one.id, one.chars])).toEqual([['a', 1500]]);
    for (let i = 0; i < KEEP_RENDERS + 3; i++)
      renders = upsertRender(renders, render(`r${i}`, 1000, 100, 0.3));
    expect(renders).toHaveLength(KEEP_RENDERS);
    expect(renders.at(-1)!.id).toBe(`r${KEEP_RENDERS + 2}`);
  });

  it('finds the checkpoint nearest half-way', () => {
    expect(halfway([])).toEqual({ chars: 0, ms: 0 });
    expect(halfway([{ chars: 100, ms: 900 }])).toEqual({ chars: 100, ms: 900 });
    const points = [
      { chars: 100, ms: 900 },
      { chars: 900, ms: 1300 },
      { chars: 1300, ms: 1500 },
      { chars: 2000, ms: 1800 },
    ];
    expect(halfway(points)).toEqual({ chars: 900, ms: 1300 });
  });
});
