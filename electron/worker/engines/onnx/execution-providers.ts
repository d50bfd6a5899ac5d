/**
 * Which onnxruntime execution providers to try, and with which session options. The design: CUDA on Linux
 * when its add-on is installed, DirectML on Windows, CPU everywhere, and CPU always last so a failed GPU
 * provider falls back explicitly (the reason travels in `LoadResult.fallbackReason`).
 */
import os from 'node:os';
import type { ExecutionProvider } from '../../../../shared/protocol/worker-protocol';
import type { ThreadRunOptions, ThreadSessionOptions } from './ort-thread-protocol';

/** The providers onnxruntime-node can run here. */
export type OrtProvider = 'cpu' | 'cuda' | 'dml';

/** One provider in the order to try: either a candidate, or a request that cannot run here and why. */
export type ProviderStep = { provider: OrtProvider } | { skipped: ExecutionProvider; reason: string };

export function defaultProviders(platform: NodeJS.Platform = process.platform): ExecutionProvider[] {
  if (platform === 'linux') return ['cuda', 'cpu'];
  if (platform === 'win32') return ['dml', 'cpu'];
  return ['cpu'];
}

/**
 * The providers to try, in the requested order (the platform default when none is requested), with the
 * ones that cannot run on this platform marked, and CPU always last.
 */
export function planProviders(
  requested: readonly ExecutionProvider[],
  platform: NodeJS.Platform = process.platform,
): ProviderStep[] {
  const wanted = requested.length > 0 ? requested : defaultProviders(platform);
  const steps: ProviderStep[] = [];
  const seen = new Set<ExecutionProvider>();
  for (const provider of wanted) {
    if (seen.has(provider)) continue;
    seen.add(provider);
    if (provider === 'cuda' && platform !== 'linux')
      steps.push({ skipped: provider, reason: 'used on Linux only' });
    else if (provider === 'dml' && platform !== 'win32')
      steps.push({ skipped: provider, reason: 'DirectML exists on Windows only' });
    else if (provider === 'wasm')
      steps.push({ skipped: provider, reason: 'not an onnxruntime-node provider' });
    else steps.push({ provider });
  }
  if (!seen.has('cpu')) steps.push({ provider: 'cpu' });
  return steps;
}

/** Intra-op threads: every core on small machines, one core left for the rest of the app on bigger ones. */
export function intraOpThreads(cpuCount: number = os.availableParallelism()): number {
  if (cpuCount <= 2) return Math.max(1, cpuCount);
  return Math.min(8, cpuCount - 1);
}

/**
 * Memory-conscious session options: no CPU memory arena (it keeps the peak of the longest chunk for the
 * session's lifetime, and chunk lengths vary), no memory pattern (input shapes change every call),
 * sequential execution, full graph optimisation.
 */
export function sessionOptionsFor(provider: OrtProvider, cpuCount?: number): ThreadSessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    enableCpuMemArena: false,
    enableMemPattern: false,
    intraOpNumThreads: intraOpThreads(cpuCount),
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  };
}

/** Per-run options: on CUDA, shrink the GPU arena back after each run so VRAM follows the current chunk. */
export function runOptionsFor(provider: OrtProvider): ThreadRunOptions {
  if (provider === 'cuda') return { extra: { memory: { enable_memory_arena_shrinkage: 'gpu:0' } } };
  return {};
}
