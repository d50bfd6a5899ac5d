import { describe, expect, it } from 'vitest';
import type { RenderTiming } from './render-time-model';
import { halfway, KEEP_RENDERS, renderTimeModel, SPAN_FOR_FIT, upsertRender } from './render-time-model';

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
    // Three renders of about the same length, the longest the warmest.
    const model = renderTimeModel([
      render('a', 2000, 600, 0.6),
      render('b', 3000, 800, 0.4),
      render('c', 2000, 700, 0.6),
    ]);
    // (600 + 600 + 600) ms over (1000 + 1500 + 1000) characters.
    expect(model!.msPerChar).toBeCloseTo(1800 / 3500, 9);
    // Fixed cost: the median of what each leaves (1800, 2000, 1900 less 2000 or 3000 × 0.514): the first's.
    expect(model!.fixedMs).toBeCloseTo(1800 - 2000 * (1800 / 3500), 6);
    // A render that got no faster (or a clock that went back) tells nothing.
    expect(renderTimeModel([{ ...render('d', 2000, 600, 0.3), halfMs: 2000, ms: 1000 }])).toBeNull();
  });

  it('draws a line across renders of different lengths: a short one is still warming up at its end', () => {
    // espeak-ng's shape: 1 s of start-up, 0.28 ms a character warm, 1.5 s more while its JIT warms.
    const at = (chars: number) => 1000 + 0.28 * chars + 1500 * (1 - Math.exp(-chars / 1500));
    const curve = (id: string, chars: number): RenderTiming => ({
      id,
      chars,
      ms: at(chars),
      halfChars: chars / 2,
      halfMs: at(chars / 2),
      atMs: 0,
    });
    const predict = (model: { fixedMs: number; msPerChar: number } | null, chars: number) =>
      model!.fixedMs + model!.msPerChar * chars;
    const demos = [curve('demo1', 2348), curve('demo2', 2348)];
    // From demos alone the second halves are all there is, and they overstate a 90-minute script 2×.
    expect(predict(renderTimeModel(demos), 90_000) / at(90_000)).toBeGreaterThan(1.8);
    // With a 10-minute script beside them, the line across their ends has it within 15 %.
    const across = renderTimeModel([...demos, curve('ten', 10_000)]);
    expect(predict(across, 90_000) / at(90_000)).toBeGreaterThan(1);
    expect(predict(across, 90_000) / at(90_000)).toBeLessThan(1.15);
    // And still the demo and the 10-minute script themselves within 10 %.
    for (const chars of [2348, 10_000])
      expect(Math.abs(predict(across, chars) / at(chars) - 1)).toBeLessThan(0.1);
    // Renders of lengths within SPAN_FOR_FIT of each other keep to the second halves.
    const long = 2000 * SPAN_FOR_FIT - 1;
    expect(renderTimeModel([curve('a', 2000), curve('b', long)])!.msPerChar).toBeCloseTo(
      (at(2000) - at(1000) + at(long) - at(long / 2)) / (1000 + long / 2),
      9,
    );
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
