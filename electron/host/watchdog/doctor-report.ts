/**
 * `roundtable doctor`: what this machine offers (devices, execution providers), its memory now, and what
 * the watchdog would admit right now — the largest model and the longest chunk.
 */
import os from 'node:os';
import * as z from 'zod';
import { ResourceSnapshotSchema } from '../../../shared/api/studio-api';
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import { EstimateStore } from './estimates';
import type { DetectProvidersOptions } from './execution-providers';
import { detectExecutionProviders } from './execution-providers';
import type { GpuInventory } from './gpu-inventory';
import { isNvidia, readGpuInventory } from './gpu-inventory';
import type { ResourceWatchdogOptions } from './watchdog-types';
import { ResourceWatchdog } from './resource-watchdog';

/** A model pack as the doctor weighs it (from its manifest or engine description). */
export interface DoctorModel {
  modelId: string;
  manifestBytes: number;
  manifestPerCharBytes?: number;
  /** The engine's longest chunk; the admitted chunk size is capped by it. */
  maxChunkChars?: number;
  /** Providers the model can run on; default: every available one. */
  providers?: ExecutionProvider[];
}

const ProviderIdSchema = z.enum(['cpu', 'cuda', 'dml']);

export const DoctorReportSchema = z.object({
  generatedAtMs: z.number().int(),
  platform: z.object({ os: z.string(), arch: z.string(), node: z.string() }),
  devices: z.array(
    z.object({
      kind: z.enum(['cpu', 'gpu']),
      index: z.number().int(),
      name: z.string(),
      memoryBytes: z.number().nullable(),
      freeBytes: z.number().nullable(),
      source: z.enum(['os', 'nvidia-smi', 'inventory']),
    }),
  ),
  inventory: z.object({ status: z.enum(['known', 'unknown']), reason: z.string().nullable() }),
  gpuMemory: z.object({
    status: z.enum(['idle', 'unavailable', 'starting', 'live', 'degraded', 'disposed']),
    note: z.string().nullable(),
  }),
  executionProviders: z.array(z.object({ id: ProviderIdSchema, available: z.boolean(), detail: z.string() })),
  memory: ResourceSnapshotSchema,
  admission: z.object({
    providers: z.array(
      z.object({
        provider: ProviderIdSchema,
        resource: z.enum(['gpu', 'ram']),
        basis: z.enum(['free', 'total', 'unknown']),
        availableBytes: z.number().nullable(),
        reserveBytes: z.number(),
        largestModel: z
          .object({ modelId: z.string(), bytes: z.number(), maxChunkChars: z.number().int() })
          .nullable(),
      }),
    ),
    models: z.array(
      z.object({
        modelId: z.string(),
        provider: ProviderIdSchema,
        estimateBytes: z.number(),
        basis: z.enum(['observed', 'manifest', 'default']),
        admitted: z.boolean(),
        maxChunkChars: z.number().int().nullable(),
        reason: z.string().nullable(),
        suggestion: z.string().nullable(),
      }),
    ),
  }),
});
export type DoctorReport = z.infer<typeof DoctorReportSchema>;

export interface DoctorOptions {
  models?: DoctorModel[];
  /** Calibrated estimates; default: `estimatesPath` if given, else none (manifest figures). */
  estimates?: EstimateStore;
  estimatesPath?: string;
  /** How long to wait for the first live GPU reading. Default 3 s. */
  liveWaitMs?: number;
  inventory?: () => Promise<GpuInventory>;
  providers?: DetectProvidersOptions;
  /** Passed to the watchdog (tests give a fake nvidia-smi through `env`). */
  watchdog?: Partial<ResourceWatchdogOptions>;
  now?: () => number;
}

export async function buildDoctorReport(options: DoctorOptions = {}): Promise<DoctorReport> {
  const estimates =
    options.estimates ??
    (options.estimatesPath ? await EstimateStore.open(options.estimatesPath) : EstimateStore.inMemory());
  const inventoryPromise = (options.inventory ?? (() => readGpuInventory({ timeoutMs: 5000 })))();
  const watchdog = new ResourceWatchdog({
    estimates,
    intervalMs: 250,
    ...options.watchdog,
    inventory: () => inventoryPromise,
  });
  try {
    watchdog.start();
    const inventory = await inventoryPromise;
    await waitForGpuProbe(watchdog, options.liveWaitMs ?? 3000);
    const snapshot = watchdog.sampleNow();
    const details = watchdog.details();

    const nvidiaSeen = details.live.length > 0 || inventory.gpus.some(isNvidia);
    const executionProviders = detectExecutionProviders({
      nvidiaGpu: nvidiaSeen ? true : inventory.status === 'known' ? false : undefined,
      ...options.providers,
    });
    const available = executionProviders
      .filter((provider) => provider.available)
      .map((provider) => provider.id);

    const models: DoctorReport['admission']['models'] = [];
    for (const model of options.models ?? []) {
      for (const provider of (model.providers ?? available).filter((id) => available.includes(id as never))) {
        models.push(weighModel(watchdog, estimates, model, provider as 'cpu' | 'cuda' | 'dml'));
      }
    }
    const providers = available.map((provider) => {
      const availability = watchdog.availability(provider);
      const largest = models
        .filter((entry) => entry.provider === provider && entry.admitted)
        .sort((a, b) => b.estimateBytes - a.estimateBytes)[0];
      return {
        provider,
        resource: availability.resource,
        basis: availability.basis,
        availableBytes: availability.availableBytes,
        reserveBytes: availability.reserveBytes,
        largestModel: largest
          ? {
              modelId: largest.modelId,
              bytes: largest.estimateBytes,
              maxChunkChars: largest.maxChunkChars ?? 0,
            }
          : null,
      };
    });

    const devices: DoctorReport['devices'] = [
      {
        kind: 'cpu',
        index: 0,
        name: `${os.cpus()[0]?.model.trim() ?? 'CPU'} (${os.cpus().length} cores)`,
        memoryBytes: snapshot.ram.totalBytes,
        freeBytes: snapshot.ram.freeBytes,
        source: 'os',
      },
    ];
    if (details.live.length > 0) {
      for (const gpu of snapshot.gpus) {
        devices.push({
          kind: 'gpu',
          index: gpu.index,
          name: gpu.name,
          memoryBytes: gpu.totalBytes,
          freeBytes: gpu.freeBytes,
          source: 'nvidia-smi',
        });
      }
    } else {
      inventory.gpus.forEach((gpu, index) =>
        devices.push({
          kind: 'gpu',
          index,
          name: `${gpu.vendor} ${gpu.model}`.trim(),
          memoryBytes: gpu.vramBytes,
          freeBytes: null,
          source: 'inventory',
        }),
      );
    }

    return {
      generatedAtMs: Math.round((options.now ?? Date.now)()),
      platform: { os: `${process.platform} ${os.release()}`, arch: process.arch, node: process.version },
      devices,
      inventory: {
        status: inventory.status,
        reason: inventory.status === 'unknown' ? inventory.reason : null,
      },
      gpuMemory: {
        status: details.gpuProbe,
        note: gpuMemoryNote(details.gpuProbe, details.gpuMemoryUnknownReason),
      },
      executionProviders,
      memory: snapshot,
      admission: { providers, models },
    };
  } finally {
    await watchdog.dispose();
  }
}

function weighModel(
  watchdog: ResourceWatchdog,
  estimates: EstimateStore,
  model: DoctorModel,
  provider: 'cpu' | 'cuda' | 'dml',
): DoctorReport['admission']['models'][number] {
  const figures = {
    modelId: model.modelId,
    provider,
    manifestBytes: model.manifestBytes,
    manifestPerCharBytes: model.manifestPerCharBytes,
  };
  const estimate = estimates.modelLoadEstimate(figures);
  const decision = watchdog.admitModelLoad(estimate);
  let maxChunkChars: number | null = null;
  if (decision.admitted && decision.availableBytes !== null) {
    const { bytesPerChar, fixedBytes } = estimates.chunkModel(figures);
    const room = decision.availableBytes - estimate.bytes - fixedBytes;
    maxChunkChars = bytesPerChar > 0 ? Math.floor(room / bytesPerChar) : (model.maxChunkChars ?? null);
    if (maxChunkChars !== null && model.maxChunkChars !== undefined)
      maxChunkChars = Math.min(maxChunkChars, model.maxChunkChars);
  }
  return {
    modelId: model.modelId,
    provider,
    estimateBytes: estimate.bytes,
    basis: estimate.basis,
    admitted: decision.admitted,
    maxChunkChars,
    reason: decision.admitted ? null : decision.reason,
    suggestion: decision.admitted ? null : decision.suggestion,
  };
}

function gpuMemoryNote(status: string, unknownReason: string | null): string | null {
  if (unknownReason) return `GPU memory unknown — working from totals: ${unknownReason}`;
  if (status === 'unavailable')
    return 'no live GPU memory source (nvidia-smi not found); no GPU with dedicated memory seen';
  if (status === 'starting') return 'nvidia-smi did not answer in time; GPU memory not read';
  return null;
}

/** Resolves once the GPU probe has a verdict (live, degraded, unavailable) or after `waitMs`. */
function waitForGpuProbe(watchdog: ResourceWatchdog, waitMs: number): Promise<void> {
  const settled = () => {
    const details = watchdog.details();
    return details.gpuProbe !== 'starting' || details.gpuMemoryUnknownReason !== null;
  };
  if (settled()) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(finish, waitMs);
    const unsubscribe = watchdog.on('resources', () => {
      if (settled()) finish();
    });
  });
}
