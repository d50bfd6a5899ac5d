/**
 * The memory gate times each render from its cold start, for the plan's time estimates
 * (render-time-model.ts): a checkpoint per chunk, a long pause ends the timing, and shutdown records the
 * last chunks. The clock is injected; nothing here waits on real time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineDescription } from '../../../shared/protocol/worker-protocol';
import { silentLogger } from '../util/logger';
import { EstimateStore, ResourceWatchdog } from '../watchdog';
import { GIB, MIB } from '../watchdog/units';
import { MemoryGate } from './memory-gate';
import { RENDER_GAP_MS } from './render-timer';

const espeak: EngineDescription = {
  id: 'espeak',
  label: 'espeak-ng',
  sampleRate: 22_050,
  voices: [],
  maxChunkChars: 400,
  device: 'cpu',
  memoryEstimateBytes: 64 * MIB,
};

const watchdogs: ResourceWatchdog[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(watchdogs.splice(0).map((watchdog) => watchdog.dispose()));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function setUp() {
  let now = 1_000_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-gate-timing-'));
  dirs.push(dir);
  const file = path.join(dir, 'calibration.json');
  const estimates = await EstimateStore.open(file);
  const watchdog = new ResourceWatchdog({
    estimates,
    readRam: () => ({ totalBytes: 32 * GIB, freeBytes: 24 * GIB, source: 'os' }),
    inventory: async () => ({ status: 'known', gpus: [] }),
  });
  watchdogs.push(watchdog);
  const gate = new MemoryGate({
    watchdog: async () => watchdog,
    providerFor: () => 'wasm',
    reportedProvider: (result) => result.provider,
    manifestBytes: async () => undefined,
    onLoaded: () => undefined,
    announce: () => undefined,
    workerRssNow: () => 100 * MIB,
    intervalMs: 1000,
    maxWaitMs: 60_000,
    logger: silentLogger,
    now: () => now,
  });
  /** One chunk of `chars` characters that starts now and takes `ms`. */
  const chunk = async (chars: number, ms: number) => {
    const done = await gate.beforeChunk(
      {
        text: 'x'.repeat(chars),
        voice: { engine: 'espeak', voice: 'en', params: { ratePercent: 0, pitchSemitones: 0 } },
        model: undefined,
        description: espeak,
      },
      new AbortController().signal,
    );
    now += ms;
    done({ ok: true, elapsedMs: ms });
  };
  const renders = async () => {
    await estimates.flush();
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      models: Record<string, { renders: { chars: number; ms: number }[] }>;
    };
    return saved.models['espeak|wasm']?.renders ?? [];
  };
  return { gate, watchdog, chunk, renders, wait: (ms: number) => (now += ms) };
}

describe('memory gate: render timing', () => {
  it('has a checkpoint per chunk: the half-way point and the end are where the render was, not the last record', async () => {
    const { gate, watchdog, chunk, renders } = await setUp();
    // A cold first chunk, then nine of 100 characters, 300 ms each: 2.7 s with records once a second.
    await chunk(100, 900);
    for (let i = 0; i < 9; i++) await chunk(100, 300);
    gate.flushRenders(watchdog);
    const [render] = await renders();
    expect(render).toMatchObject({ chars: 1000, ms: 900 + 9 * 300, halfChars: 500, halfMs: 900 + 4 * 300 });
  });

  it('ends the timing at a long pause (the engine idle, not slow) and times again from the next cold start', async () => {
    const { gate, watchdog, chunk, renders, wait } = await setUp();
    await chunk(200, 800);
    await chunk(200, 100);
    wait(RENDER_GAP_MS + 1); // the studio between two renders: the worker stays warm
    await chunk(200, 100);
    await chunk(200, 100);
    gate.flushRenders(watchdog);
    expect((await renders()).map(({ chars, ms }) => ({ chars, ms }))).toEqual([{ chars: 400, ms: 900 }]);
  });

  it('keeps timing across short gaps between chunks', async () => {
    const { gate, watchdog, chunk, renders, wait } = await setUp();
    await chunk(200, 800);
    wait(RENDER_GAP_MS - 1);
    await chunk(200, 100);
    gate.flushRenders(watchdog);
    expect((await renders()).map(({ chars, ms }) => ({ chars, ms }))).toEqual([
      { chars: 400, ms: 900 + RENDER_GAP_MS - 1 },
    ]);
  });
});
