import { describe, expect, it } from 'vitest';
import type { WatchdogAction } from '../../../shared/api/studio-api';
import { validateThresholds } from './hysteresis';
import type { PressureChange, PressureSample } from './pressure';
import { PressurePolicy } from './pressure';
import { GIB } from './units';

const GPU_TOTAL = 8 * GIB;
const RAM_TOTAL = 32 * GIB;

function gpuAt(usedFraction: number, ramUsedFraction = 0.3): PressureSample {
  return {
    ram: { totalBytes: RAM_TOTAL, freeBytes: RAM_TOTAL * (1 - ramUsedFraction) },
    gpu: { totalBytes: GPU_TOTAL, freeBytes: GPU_TOTAL * (1 - usedFraction) },
  };
}

/** Drives a policy with a fake clock: one sample per `stepMs`. */
function harness(options: { dwellMs?: number; climbAfterMs?: number } = {}) {
  let nowMs = 0;
  const policy = new PressurePolicy({ now: () => nowMs, ...options });
  const actions: WatchdogAction[] = [];
  const changes: PressureChange[] = [];
  return {
    policy,
    actions,
    changes,
    feed(sample: PressureSample, stepMs = 1000) {
      const step = policy.observe(sample);
      actions.push(...step.actions);
      if (step.change) changes.push(step.change);
      nowMs += stepMs;
      return step;
    },
    get nowMs() {
      return nowMs;
    },
  };
}

/** A deterministic noise source (LCG), so the noisy timelines are the same on every run. */
function noise(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

describe('PressurePolicy', () => {
  it('pauses on a VRAM squeeze and resumes only after the dwell once it clears', () => {
    const h = harness({ dwellMs: 5000 });
    h.feed(gpuAt(0.5));
    expect(h.policy.level).toBe('normal');
    h.feed(gpuAt(0.85));
    expect(h.policy.level).toBe('elevated');
    expect(h.actions).toEqual([]);
    h.feed(gpuAt(0.97));
    expect(h.policy.level).toBe('critical');
    expect(h.actions.map((a) => a.action)).toEqual(['pause-queue', 'shrink-chunks', 'unload-idle-models']);
    expect(h.actions[0]!.reason).toBe('GPU memory 97 % used (7.8 of 8.0 GiB) — pausing the render queue');
    expect(h.policy.queuePaused).toBe(true);

    // Clears: nothing happens for the dwell time...
    for (let i = 0; i < 5; i += 1) h.feed(gpuAt(0.5));
    expect(h.actions.map((a) => a.action)).not.toContain('resume-queue');
    // ...then one resume, and the level goes straight back to normal.
    h.feed(gpuAt(0.5));
    expect(h.actions.at(-1)).toMatchObject({ action: 'resume-queue' });
    expect(h.actions.at(-1)!.reason).toBe(
      'GPU memory back to 50 % used (4.0 of 8.0 GiB) — resuming the render queue',
    );
    expect(h.policy.level).toBe('normal');
    expect(h.changes.map((c) => `${c.from}→${c.to}`)).toEqual([
      'normal→elevated',
      'elevated→critical',
      'critical→normal',
    ]);
    expect(h.changes[0]!.reason).toBe(
      'GPU memory 85 % used (6.8 of 8.0 GiB) — memory pressure rising to elevated',
    );
  });

  it('does not flap on a noisy timeline hovering around the high threshold', () => {
    const h = harness({ dwellMs: 5000, climbAfterMs: 60_000 });
    const random = noise(42);
    // 88 %..93 % used: crosses the 90 % "enter high" line again and again.
    for (let i = 0; i < 60; i += 1) h.feed(gpuAt(0.88 + 0.05 * random()));
    expect(h.actions.map((a) => a.action)).toEqual(['pause-queue']);
    expect(h.changes.map((c) => c.to)).toEqual(['elevated', 'high']);

    // A noisy recovery that keeps dipping back under the exit line does not resume...
    for (let i = 0; i < 30; i += 1) h.feed(gpuAt(i % 3 === 0 ? 0.89 : 0.8));
    expect(h.actions.map((a) => a.action)).toEqual(['pause-queue']);
    // ...a steady one does, once.
    for (let i = 0; i < 10; i += 1) h.feed(gpuAt(0.78 + 0.02 * random()));
    expect(h.actions.map((a) => a.action)).toEqual(['pause-queue', 'resume-queue']);
    expect(h.policy.level).toBe('elevated');
  });

  it('does not flap around the elevated threshold either', () => {
    const h = harness({ dwellMs: 3000 });
    const random = noise(7);
    for (let i = 0; i < 100; i += 1) h.feed(gpuAt(0.77 + 0.06 * random()));
    expect(h.changes.length).toBe(1);
    expect(h.actions).toEqual([]);
  });

  it('climbs the ladder while pressure lasts, up to falling back to the CPU', () => {
    const h = harness({ dwellMs: 5000, climbAfterMs: 10_000 });
    h.feed(gpuAt(0.92));
    expect(h.actions.map((a) => a.action)).toEqual(['pause-queue']);
    for (let i = 0; i < 10; i += 1) h.feed(gpuAt(0.92));
    expect(h.actions.map((a) => a.action)).toEqual(['pause-queue', 'shrink-chunks']);
    expect(h.actions[1]!.reason).toBe(
      'GPU memory still 92 % used (7.4 of 8.0 GiB) after 10 s — rendering in smaller chunks',
    );
    for (let i = 0; i < 40; i += 1) h.feed(gpuAt(0.93));
    expect(h.actions.map((a) => a.action)).toEqual([
      'pause-queue',
      'shrink-chunks',
      'unload-idle-models',
      'restart-worker',
      'fallback-cpu',
    ]);
    expect(h.actions.at(-1)!.reason).toMatch(/— rendering on the CPU instead of the GPU$/);
    // Nothing is left to do: no more actions however long it lasts.
    for (let i = 0; i < 30; i += 1) h.feed(gpuAt(0.93));
    expect(h.actions).toHaveLength(5);
  });

  it('waits longer before the next rung while memory is clearly getting better', () => {
    const h = harness({ climbAfterMs: 10_000 });
    let used = 0.94;
    for (let i = 0; i < 30; i += 1) {
      h.feed(gpuAt(used));
      used -= 0.003; // 3 % of the GPU freed every 10 s: better, though still high
    }
    expect(h.actions.map((a) => a.action)).toEqual(['pause-queue']);
  });

  it('stops at restarting the worker when RAM is what runs out (the CPU would not help)', () => {
    const h = harness({ climbAfterMs: 5000 });
    for (let i = 0; i < 60; i += 1) h.feed(gpuAt(0.3, 0.97));
    expect(h.actions.map((a) => a.action)).toEqual([
      'pause-queue',
      'shrink-chunks',
      'unload-idle-models',
      'restart-worker',
    ]);
    expect(h.actions[0]!.reason).toBe('Memory 97 % used (31.0 of 32.0 GiB) — pausing the render queue');
    expect(h.changes[0]!.resource).toBe('ram');
  });

  it('resumes after the fallback once rendering no longer uses the GPU', () => {
    const h = harness({ dwellMs: 3000 });
    h.feed(gpuAt(0.93));
    expect(h.policy.queuePaused).toBe(true);
    const cpuOnly: PressureSample = { ram: gpuAt(0).ram, gpu: null };
    for (let i = 0; i < 4; i += 1) h.feed(cpuOnly);
    expect(h.actions.at(-1)).toMatchObject({
      action: 'resume-queue',
      reason: 'Rendering no longer uses the GPU — resuming the render queue',
    });
  });

  it('works from RAM alone when free GPU memory cannot be read', () => {
    const h = harness();
    h.feed({ ram: gpuAt(0).ram, gpu: { totalBytes: GPU_TOTAL, freeBytes: null } });
    expect(h.policy.level).toBe('normal');
    expect(h.actions).toEqual([]);
  });

  it('refuses thresholds without hysteresis', () => {
    expect(() =>
      validateThresholds({
        elevated: { enterBelowFreeFraction: 0.2, exitAboveFreeFraction: 0.2 },
        high: { enterBelowFreeFraction: 0.1, exitAboveFreeFraction: 0.14 },
        critical: { enterBelowFreeFraction: 0.05, exitAboveFreeFraction: 0.08 },
      }),
    ).toThrow(/enter/);
  });
});
