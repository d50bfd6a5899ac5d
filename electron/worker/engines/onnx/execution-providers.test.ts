import { describe, expect, it } from 'vitest';
import {
  defaultProviders,
  intraOpThreads,
  planProviders,
  runOptionsFor,
  sessionOptionsFor,
} from './execution-providers';

describe('execution providers', () => {
  it('defaults to CUDA on Linux, DirectML on Windows, CPU elsewhere, always ending with CPU', () => {
    expect(defaultProviders('linux')).toEqual(['cuda', 'cpu']);
    expect(defaultProviders('win32')).toEqual(['dml', 'cpu']);
    expect(defaultProviders('darwin')).toEqual(['cpu']);
    expect(planProviders([], 'win32')).toEqual([{ provider: 'dml' }, { provider: 'cpu' }]);
  });

  it('keeps the requested order, marks what cannot run here, and adds CPU as the explicit last resort', () => {
    expect(planProviders(['dml', 'cuda', 'wasm', 'cuda'], 'linux')).toEqual([
      { skipped: 'dml', reason: 'DirectML exists on Windows only' },
      { provider: 'cuda' },
      { skipped: 'wasm', reason: 'not an onnxruntime-node provider' },
      { provider: 'cpu' },
    ]);
    expect(planProviders(['cuda'], 'darwin')).toEqual([
      { skipped: 'cuda', reason: 'used on Linux only' },
      { provider: 'cpu' },
    ]);
  });

  it('builds memory-conscious, sequential session options with sensible thread counts', () => {
    const options = sessionOptionsFor('cpu', 8);
    expect(options).toMatchObject({
      executionProviders: ['cpu'],
      enableCpuMemArena: false,
      enableMemPattern: false,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      intraOpNumThreads: 7,
      interOpNumThreads: 1,
    });
    expect(intraOpThreads(1)).toBe(1);
    expect(intraOpThreads(2)).toBe(2);
    expect(intraOpThreads(64)).toBe(8);
  });

  it('shrinks the GPU arena after each run on CUDA only', () => {
    expect(runOptionsFor('cuda')).toEqual({ extra: { memory: { enable_memory_arena_shrinkage: 'gpu:0' } } });
    expect(runOptionsFor('cpu')).toEqual({});
  });
});
