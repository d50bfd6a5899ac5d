/**
 * Why the ONNX sessions live on their own thread, measured: onnxruntime-node's `run` returns a promise
 * but computes synchronously on the calling thread, so a timer cannot tick during a long run; on the
 * onnxruntime thread the worker's event loop (heartbeats, host messages) keeps going.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor, env } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnnxSession } from '../../electron/worker/engines/onnx/onnx-session';
import { OrtThread, OrtThreadLostError } from '../../electron/worker/engines/onnx/ort-thread-client';
import type { ToOrtThread } from '../../electron/worker/engines/onnx/ort-thread-protocol';
import { buildKokoroTestModel, buildSlowTestModel } from './test-models';
import { makeTempDir } from './test-helpers';

// onnxruntime's log is process-wide and set by whoever loads first; the worker's thread keeps it quiet too.
env.logLevel = 'fatal';

const SIZE = 1024;
const temp = makeTempDir('ort-thread');
const slowModel = path.join(temp.dir, 'slow.onnx');
const kokoroModel = path.join(temp.dir, 'kokoro.onnx');
const thread = new OrtThread();

beforeAll(() => {
  // 24 products of 1024² matrices: several hundred ms on one core even on a fast idle machine (6 took
  // 94 ms here once, under the 100 ms the tests need to tell blocking from ticking).
  fs.writeFileSync(slowModel, buildSlowTestModel(SIZE, 24));
  fs.writeFileSync(kokoroModel, buildKokoroTestModel());
});

afterAll(async () => {
  await thread.dispose();
  temp.cleanup();
});

/** Counts 5 ms timer ticks while `work` runs. */
async function ticksDuring(work: () => Promise<unknown>): Promise<{ ticks: number; elapsedMs: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 5);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return { ticks, elapsedMs: performance.now() - started };
}

const input = () => ({
  type: 'float32' as const,
  data: new Float32Array(SIZE * SIZE).fill(0.1),
  dims: [SIZE, SIZE],
});

describe('onnxruntime thread', () => {
  it('onnxruntime-node blocks the calling thread during run (the reason for the thread)', async () => {
    const session = await InferenceSession.create(slowModel, { intraOpNumThreads: 1 });
    const { ticks, elapsedMs } = await ticksDuring(() =>
      session.run({ x: new Tensor('float32', new Float32Array(SIZE * SIZE).fill(0.1), [SIZE, SIZE]) }),
    );
    await session.release();
    expect(elapsedMs).toBeGreaterThan(100);
    // Timers are due every 5 ms but none can fire until run returns (one may fire in the gap before it starts).
    expect(ticks).toBeLessThanOrEqual(1);
  });

  it('keeps the event loop ticking while a long run executes on the onnxruntime thread', async () => {
    const session = await OnnxSession.open(thread, slowModel, ['cpu'], { cpuCount: 1 });
    const { ticks, elapsedMs } = await ticksDuring(() => session.run({ x: input() }));
    expect(session.lastRunMs).toBeGreaterThan(100);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(elapsedMs / 5 / 4));
    expect(ticks).toBeGreaterThan(10);
    await session.release();
  });

  it('reports the input and output metadata the model declares', async () => {
    const session = await OnnxSession.open(thread, kokoroModel, ['cpu']);
    expect(session.inputs).toEqual([
      { name: 'input_ids', type: 'int64', shape: [1, 'sequence_length'] },
      { name: 'style', type: 'float32', shape: [1, 256] },
      { name: 'speed', type: 'float32', shape: [1] },
    ]);
    expect(session.outputNames).toEqual(['waveform']);
    await session.release();
    expect(session.alive).toBe(false);
  });

  it('falls back to CPU explicitly when a GPU provider is unavailable', async () => {
    const session = await OnnxSession.open(thread, kokoroModel, ['cuda', 'dml', 'cpu'], {
      platform: 'linux',
    });
    if (session.provider === 'cuda') {
      expect(session.fallbackReason).toMatch(/dml/);
    } else {
      expect(session.provider).toBe('cpu');
      expect(session.fallbackReason).toMatch(/^cuda: .+; dml: DirectML exists on Windows only$/);
    }
    await session.release();
  });

  it('turns a dead thread into rejected calls and stale sessions, then starts afresh', async () => {
    const local = new OrtThread();
    const session = await OnnxSession.open(local, slowModel, ['cpu'], { cpuCount: 1 });
    // A native crash of the thread, with a call outstanding. (Not worker.terminate() during a run: tearing
    // a thread down while onnxruntime-node's run is in flight can abort the whole process, test runner
    // included, with "terminate called after throwing an instance of 'Napi::Error'".)
    const crash: ToOrtThread = { type: 'exit', reqId: 0, code: 134 };
    (local as unknown as { worker: { postMessage(message: ToOrtThread): void } }).worker.postMessage(crash);
    const running = session.run({ x: input() });
    await expect(running).rejects.toThrow(/exited \(code 134\)/);
    await expect(running).rejects.toBeInstanceOf(OrtThreadLostError);
    expect(session.alive).toBe(false);
    await expect(session.run({ x: input() })).rejects.toBeInstanceOf(OrtThreadLostError);
    const fresh = await OnnxSession.open(local, kokoroModel, ['cpu']);
    expect(fresh.alive).toBe(true);
    await local.dispose();
    expect(fresh.alive).toBe(false);
  });
});
