/**
 * Admission control: before a model is loaded or a chunk is started, its memory estimate is compared with
 * free memory (the GPU's for GPU providers, else RAM) minus a reserve. Where the GPU's free memory cannot be
 * read (some AMD/Intel setups, or nvidia-smi gave up), the judgement works from the total minus what our own
 * loaded models hold, and says so.
 */
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import type { EstimateStore, MemoryEstimate } from './estimates';
import type { PlanRenderInput, RenderPlan } from './render-plan';
import { buildRenderPlan } from './render-plan';
import { availabilityPhrase, isGpuProvider, onProvider, placeOf } from './memory-phrases';
import type { Availability } from './availability';
import { formatBytes, MIB } from './units';

export { isGpuProvider } from './memory-phrases';
export type { Availability, MemoryResource } from './availability';

export interface MemoryView {
  ram: { totalBytes: number; freeBytes: number };
  /** The GPU that GPU providers run on; null when none is known. freeBytes null where it cannot be read. */
  gpu: { name: string; totalBytes: number; freeBytes: number | null } | null;
}

export interface ReservePolicy {
  /** Never plan into the last this-many bytes... Default 512 MiB. */
  minBytes: number;
  /** ...or this fraction of the total, whichever is larger. Default 0.10. */
  fraction: number;
}

export const DEFAULT_RESERVE: ReservePolicy = { minBytes: 512 * MIB, fraction: 0.1 };

export type AdmissionDecision =
  | ({ admitted: true; neededBytes: number } & Availability)
  | ({ admitted: false; reason: string; suggestion: string; neededBytes: number } & Availability);

export interface AdmissionOptions {
  memory: () => MemoryView;
  estimates: EstimateStore;
  reserve?: Partial<ReservePolicy>;
  /** GPU bytes our own loaded models hold, used when free GPU memory cannot be read. Default 0. */
  committedGpuBytes?: () => number;
}

export function reserveFor(totalBytes: number, reserve: ReservePolicy = DEFAULT_RESERVE): number {
  return Math.max(reserve.minBytes, Math.round(totalBytes * reserve.fraction));
}

export class Admission {
  private readonly reserve: ReservePolicy;

  constructor(private readonly options: AdmissionOptions) {
    this.reserve = { ...DEFAULT_RESERVE, ...options.reserve };
  }

  get estimates(): EstimateStore {
    return this.options.estimates;
  }

  /** What an estimate for `provider` may use right now. */
  availability(provider: ExecutionProvider): Availability {
    const memory = this.options.memory();
    if (!isGpuProvider(provider)) {
      const reserveBytes = reserveFor(memory.ram.totalBytes, this.reserve);
      return {
        resource: 'ram',
        basis: 'free',
        totalBytes: memory.ram.totalBytes,
        reserveBytes,
        availableBytes: Math.max(0, memory.ram.freeBytes - reserveBytes),
      };
    }
    const gpu = memory.gpu;
    if (!gpu || !(gpu.totalBytes > 0)) {
      return { resource: 'gpu', basis: 'unknown', totalBytes: null, reserveBytes: 0, availableBytes: null };
    }
    const reserveBytes = reserveFor(gpu.totalBytes, this.reserve);
    if (gpu.freeBytes === null) {
      const committed = this.options.committedGpuBytes?.() ?? 0;
      return {
        resource: 'gpu',
        basis: 'total',
        totalBytes: gpu.totalBytes,
        reserveBytes,
        availableBytes: Math.max(0, gpu.totalBytes - committed - reserveBytes),
      };
    }
    return {
      resource: 'gpu',
      basis: 'free',
      totalBytes: gpu.totalBytes,
      reserveBytes,
      availableBytes: Math.max(0, gpu.freeBytes - reserveBytes),
    };
  }

  admitModelLoad(estimate: MemoryEstimate): AdmissionDecision {
    const availability = this.availability(estimate.provider);
    const neededBytes = estimate.bytes;
    if (availability.availableBytes === null || neededBytes <= availability.availableBytes) {
      return { admitted: true, neededBytes, ...availability };
    }
    const where = placeOf(availability.resource);
    const reason = `Loading ${estimate.modelId} ${onProvider(estimate.provider)} needs about ${formatBytes(neededBytes)}, but only ${formatBytes(availability.availableBytes)} of ${where} ${availabilityPhrase(availability)}.`;
    return {
      admitted: false,
      reason,
      suggestion: this.suggestMoreRoom(availability, neededBytes),
      neededBytes,
      ...availability,
    };
  }

  /** A chunk's estimate is memory on top of the loaded model (which is already counted as in use). */
  admitChunk(estimate: MemoryEstimate): AdmissionDecision {
    const availability = this.availability(estimate.provider);
    const neededBytes = estimate.bytes;
    if (availability.availableBytes === null || neededBytes <= availability.availableBytes) {
      return { admitted: true, neededBytes, ...availability };
    }
    const chars = estimate.chunkChars ?? 0;
    const what = chars > 0 ? `A chunk of ${chars} characters` : 'This chunk';
    const reason = `${what} with ${estimate.modelId} needs about ${formatBytes(neededBytes)} more, but only ${formatBytes(availability.availableBytes)} of ${placeOf(availability.resource)} ${availabilityPhrase(availability)}.`;
    const parts: string[] = [];
    if (chars > 0 && neededBytes > 0) {
      const fitChars = Math.floor((availability.availableBytes / neededBytes) * chars);
      if (fitChars >= 1) parts.push(`Render it in chunks of at most ${fitChars} characters`);
    }
    parts.push(this.suggestMoreRoom(availability, neededBytes));
    return { admitted: false, reason, suggestion: joinSuggestions(parts), neededBytes, ...availability };
  }

  /** Before a render starts: peak memory, time, and what to change if it cannot fit. */
  planRender(input: PlanRenderInput): RenderPlan {
    return buildRenderPlan(input, {
      estimates: this.options.estimates,
      availability: (provider) => this.availability(provider),
    });
  }

  private suggestMoreRoom(availability: Availability, neededBytes: number): string {
    const shortBytes = neededBytes - (availability.availableBytes ?? 0);
    if (availability.resource === 'gpu') {
      const ram = this.availability('cpu');
      const cpu =
        ram.availableBytes !== null && ram.availableBytes >= neededBytes
          ? `, or render on the CPU (${formatBytes(ram.availableBytes)} of RAM is available)`
          : '';
      return `Close other programs that use the GPU or unload other models to free ${formatBytes(shortBytes)}${cpu}.`;
    }
    return `Close other programs or unload other models to free ${formatBytes(shortBytes)} of RAM.`;
  }
}

function joinSuggestions(parts: string[]): string {
  if (parts.length === 1) return parts[0]!;
  const [first, ...rest] = parts;
  const tail = rest.join(' ');
  return `${first}, or ${tail.charAt(0).toLowerCase()}${tail.slice(1)}`;
}
