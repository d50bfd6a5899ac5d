/**
 * The up-front plan for a render: estimated peak memory and minutes, and — when it cannot fit — what to
 * change (smaller chunks, the CPU, freeing memory, a smaller model), so a script that cannot fit is
 * explained before anything starts rather than failing half-way.
 */
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import type { Availability } from './availability';
import { availabilityPhrase, isGpuProvider, onProvider, placeOf } from './memory-phrases';
import type { EstimateBasis, EstimateStore, ModelFigures } from './estimates';
import { formatBytes } from './units';
import { counted } from '../../../shared/text/plural';

/** Chunks shorter than this are not worth suggesting: the engine's quality and speed suffer. */
export const MIN_USEFUL_CHUNK_CHARS = 40;

export interface PlanRenderInput {
  /** Characters in each chunk, as the chunker will cut them (numbers, or `{ chars }`). */
  chunks: ReadonlyArray<number | { chars: number }>;
  model: ModelFigures & {
    /** Already loaded: its memory is in use and counted; only the chunks come on top. */
    loaded?: boolean;
  };
}

export type PlanChange =
  | { kind: 'smaller-chunks'; maxChunkChars: number; text: string }
  | { kind: 'use-cpu'; estimatedMinutes: number; text: string }
  | { kind: 'free-memory'; bytesToFree: number; text: string }
  | { kind: 'smaller-model'; text: string };

export interface RenderPlan {
  fits: boolean;
  provider: ExecutionProvider;
  resource: 'gpu' | 'ram';
  chunkCount: number;
  totalChars: number;
  largestChunkChars: number;
  /** Memory for the model (0 when already loaded). */
  modelBytes: number;
  largestChunkBytes: number;
  /** What the render needs at its peak, on top of what is in use now. */
  peakBytes: number;
  availability: Availability;
  memoryBasis: EstimateBasis;
  estimatedMinutes: number;
  speedBasis: EstimateBasis;
  /** One or two sentences for the user. */
  summary: string;
  /** What to change, best first; empty when it fits. */
  changes: PlanChange[];
}

export interface PlanDeps {
  estimates: EstimateStore;
  availability: (provider: ExecutionProvider) => Availability;
}

interface Fit {
  availability: Availability;
  modelBytes: number;
  largestChunkBytes: number;
  peakBytes: number;
  fits: boolean;
}

export function buildRenderPlan(input: PlanRenderInput, deps: PlanDeps): RenderPlan {
  const chars = input.chunks.map((chunk) =>
    Math.max(0, Math.round(typeof chunk === 'number' ? chunk : chunk.chars)),
  );
  const totalChars = chars.reduce((sum, n) => sum + n, 0);
  const largestChunkChars = chars.reduce((max, n) => Math.max(max, n), 0);
  const figures = input.model;
  const fit = fitOn(figures, largestChunkChars, input.model.loaded === true, deps);
  const modelEstimate = deps.estimates.modelLoadEstimate(figures);
  const chunkModel = deps.estimates.chunkModel(figures);
  const speed = deps.estimates.charsPerSecond(figures);
  // From the renders this machine has done (a fixed cost plus a time per character) once one can tell;
  // until then the characters at the chunks' speed, plus the engine's start-up once (as observed).
  const timing = totalChars > 0 ? deps.estimates.renderTime(figures) : null;
  const estimatedMinutes = timing
    ? (timing.fixedMs + timing.msPerChar * totalChars) / 60_000
    : totalChars > 0
      ? (totalChars / speed.charsPerSecond + deps.estimates.startupMs(figures) / 1000) / 60
      : 0;
  const memoryBasis = worstBasis(input.model.loaded ? 'observed' : modelEstimate.basis, chunkModel.basis);

  const plan: Omit<RenderPlan, 'summary' | 'changes'> = {
    fits: fit.fits,
    provider: figures.provider,
    resource: fit.availability.resource,
    chunkCount: chars.length,
    totalChars,
    largestChunkChars,
    modelBytes: fit.modelBytes,
    largestChunkBytes: fit.largestChunkBytes,
    peakBytes: fit.peakBytes,
    availability: fit.availability,
    memoryBasis,
    estimatedMinutes,
    speedBasis: speed.basis,
  };
  const time = `about ${formatMinutes(estimatedMinutes)}${speed.basis === 'observed' ? '' : ' (a rough guess until a render has been measured on this machine)'}`;
  if (fit.fits) {
    const room =
      fit.availability.availableBytes === null
        ? `${placeOf(fit.availability.resource)} cannot be checked on this machine`
        : `${formatBytes(fit.availability.availableBytes)} of ${placeOf(fit.availability.resource)} ${availabilityPhrase(fit.availability)}`;
    const chunks =
      chars.length === 1
        ? `1 chunk of ${counted(largestChunkChars, 'character')} needs`
        : `${chars.length} chunks of up to ${largestChunkChars} characters need`;
    const summary = `Fits: ${chunks} about ${formatBytes(fit.peakBytes)} at peak ${onProvider(figures.provider)} (${room}); ${time}.`;
    return { ...plan, summary, changes: [] };
  }

  const available = fit.availability.availableBytes ?? 0;
  const what = input.model.loaded
    ? `the largest chunk (${largestChunkChars} characters) needs about ${formatBytes(fit.peakBytes)}`
    : `${figures.modelId} (${formatBytes(fit.modelBytes)}) with its largest chunk (${largestChunkChars} characters) needs about ${formatBytes(fit.peakBytes)}`;
  const summary = `Will not fit ${onProvider(figures.provider)}: ${what}, but only ${formatBytes(available)} of ${placeOf(fit.availability.resource)} ${availabilityPhrase(fit.availability)}.`;
  return {
    ...plan,
    summary,
    changes: suggestChanges(input, fit, chunkModel, totalChars, largestChunkChars, deps),
  };
}

function fitOn(figures: ModelFigures, chunkChars: number, loaded: boolean, deps: PlanDeps): Fit {
  const availability = deps.availability(figures.provider);
  const modelBytes = loaded ? 0 : deps.estimates.modelLoadEstimate(figures).bytes;
  const largestChunkBytes = deps.estimates.chunkEstimate(figures, chunkChars).bytes;
  const peakBytes = modelBytes + largestChunkBytes;
  const fits = availability.availableBytes === null || peakBytes <= availability.availableBytes;
  return { availability, modelBytes, largestChunkBytes, peakBytes, fits };
}

function suggestChanges(
  input: PlanRenderInput,
  fit: Fit,
  chunkModel: { fixedBytes: number; bytesPerChar: number },
  totalChars: number,
  largestChunkChars: number,
  deps: PlanDeps,
): PlanChange[] {
  const changes: PlanChange[] = [];
  const available = fit.availability.availableBytes ?? 0;
  const place = placeOf(fit.availability.resource);

  const { fixedBytes, bytesPerChar } = chunkModel;
  const roomForChunks = available - fit.modelBytes - fixedBytes;
  const maxChunkChars = bytesPerChar > 0 ? Math.floor(roomForChunks / bytesPerChar) : largestChunkChars;
  if (roomForChunks > 0 && maxChunkChars >= MIN_USEFUL_CHUNK_CHARS && maxChunkChars < largestChunkChars) {
    changes.push({
      kind: 'smaller-chunks',
      maxChunkChars,
      text: `Render in chunks of at most ${maxChunkChars} characters (the longest is ${largestChunkChars} now).`,
    });
  }

  if (isGpuProvider(input.model.provider)) {
    const cpuFigures: ModelFigures = { ...input.model, provider: 'cpu' };
    const cpu = fitOn(cpuFigures, largestChunkChars, false, deps);
    if (cpu.fits) {
      const minutes = totalChars / deps.estimates.charsPerSecond(cpuFigures).charsPerSecond / 60;
      changes.push({
        kind: 'use-cpu',
        estimatedMinutes: minutes,
        text: `Render on the CPU: it fits in RAM (about ${formatBytes(cpu.peakBytes)} needed), and takes about ${formatMinutes(minutes)}.`,
      });
    }
  }

  // Freeing memory only helps while the render would fit into the whole device less the reserve.
  const total = fit.availability.totalBytes;
  const ceiling = total === null ? 0 : total - fit.availability.reserveBytes;
  if (fit.availability.basis === 'free' && fit.peakBytes <= ceiling) {
    const bytesToFree = fit.peakBytes - available;
    changes.push({
      kind: 'free-memory',
      bytesToFree,
      text: `Close other programs to free at least ${formatBytes(bytesToFree)} of ${place}.`,
    });
  }

  if (fit.modelBytes > available || changes.length === 0) {
    changes.push({
      kind: 'smaller-model',
      text: `Choose a smaller model: ${input.model.modelId} alone needs about ${formatBytes(fit.modelBytes || deps.estimates.modelLoadEstimate(input.model).bytes)}.`,
    });
  }
  return changes;
}

function worstBasis(a: EstimateBasis, b: EstimateBasis): EstimateBasis {
  const order: EstimateBasis[] = ['observed', 'manifest', 'default'];
  return order[Math.max(order.indexOf(a), order.indexOf(b))]!;
}

export function formatMinutes(minutes: number): string {
  if (minutes < 1) return `${Math.max(1, Math.round(minutes * 60))} s`;
  if (minutes < 10) return `${minutes.toFixed(1)} minutes`;
  if (minutes < 120) return `${Math.round(minutes)} minutes`;
  return `${Math.floor(minutes / 60)} h ${Math.round(minutes % 60)} min`;
}
