/**
 * Memory (and speed) estimates per model pack and execution provider, calibrated from what was actually
 * observed on this machine and remembered in a JSON file.
 *
 * - Model load: the manifest's figure until loads have been observed (`chunkChars: 0`), then a conservative
 *   statistic of the observed figures.
 * - Chunk: memory on top of the loaded model, a fixed part plus a part per character of text. The
 *   per-character slope is fitted to the observed chunks once they span enough sizes (two or more, the
 *   largest at least twice the smallest and 50 characters longer); until then it is the manifest's figure
 *   (or a default). The fixed part is what the observations need beyond the slope. A single tiny chunk
 *   therefore cannot make every long one look enormous: a first 2-character turn whose worker grew by
 *   220 MB (threads and JIT starting) once made a 204-character chunk look like 23 GB and refused the demo.
 * - Speed: characters per second over the observed chunks of 20 characters or more (their total characters
 *   over their total time), so that the fixed latency of tiny chunks does not pass for slowness.
 * - Conservative statistic: the maximum of the recent observations (the 95th percentile once there are 10
 *   or more), plus a 10 % margin. Model + chunk estimates never fall below a peak that was seen.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import type { ExecutionProvider } from '../../../shared/protocol/worker-protocol';
import { writeFileAtomic } from '../files/atomic-write';
import { removeStaleTempFiles } from '../files/temp-files';
import { fitLine } from './line-fit';
import { KIB } from './units';
import type { RenderTiming } from './render-time-model';
import { renderTimeModel, upsertRender } from './render-time-model';

/** Per-character memory of a chunk before anything is known: a placeholder until calibrated. */
export const DEFAULT_PER_CHAR_BYTES = 256 * KIB;
/** Chunks shorter than this say more about fixed latency than about speed. */
export const MIN_SPEED_CHARS = 20;
/** Characters of text rendered per second before anything is known (speech runs at ~15 chars/s). */
export const DEFAULT_CHARS_PER_SECOND: Record<ExecutionProvider, number> = {
  cpu: 60,
  wasm: 60,
  cuda: 300,
  dml: 200,
};

export interface Observation {
  modelId: string;
  provider: ExecutionProvider;
  /**
   * Peak memory the worker held for this model while doing this: its GPU memory for GPU providers, its RSS
   * for the CPU. Right after a load, with `chunkChars: 0`, it is the loaded model's figure.
   */
  peakBytes: number;
  /** Characters in the chunk rendered; 0 for a load. */
  chunkChars: number;
  /** Wall time the chunk took, for speed estimates. */
  elapsedMs?: number;
  /**
   * The first chunk this model rendered in its worker: its time carries the engine's start-up (threads,
   * loading, a cold JIT), which is counted once per render rather than as slowness.
   */
  cold?: boolean;
}

export type EstimateBasis = 'observed' | 'manifest' | 'default';

export interface MemoryEstimate {
  kind: 'model' | 'chunk';
  modelId: string;
  provider: ExecutionProvider;
  bytes: number;
  basis: EstimateBasis;
  /** Characters of the chunk (chunk estimates only). */
  chunkChars?: number;
}

export interface ModelFigures {
  modelId: string;
  provider: ExecutionProvider;
  /** The manifest's (or engine description's) memory figure for the loaded model. */
  manifestBytes: number;
  /** The manifest's per-character chunk figure, if it has one. */
  manifestPerCharBytes?: number;
  manifestCharsPerSecond?: number;
}

const LoadSchema = z.object({ peakBytes: z.number().nonnegative(), atMs: z.number() });
const ChunkSchema = z.object({
  peakBytes: z.number().nonnegative(),
  chunkChars: z.number().int().positive(),
  elapsedMs: z.number().positive().optional(),
  cold: z.boolean().optional(),
  atMs: z.number(),
});
const RenderSchema = z.object({
  id: z.string(),
  chars: z.number().nonnegative(),
  ms: z.number().nonnegative(),
  halfChars: z.number().nonnegative(),
  halfMs: z.number().nonnegative(),
  atMs: z.number(),
});
const EntrySchema = z.object({
  loads: z.array(LoadSchema).default([]),
  chunks: z.array(ChunkSchema).default([]),
  renders: z.array(RenderSchema).default([]),
});
const FileSchema = z.object({ version: z.literal(1), models: z.record(z.string(), EntrySchema) });
type Entry = z.infer<typeof EntrySchema>;
type EstimatesFile = z.infer<typeof FileSchema>;

export interface EstimateStoreOptions {
  /** Observations kept per model and provider (the oldest are dropped). Default 20. */
  keepRecent?: number;
  /** Multiplier on the statistic. Default 1.1. */
  margin?: number;
  now?: () => number;
}

export class EstimateStore {
  private writing: Promise<void> = Promise.resolve();
  private readonly keepRecent: number;
  private readonly margin: number;
  private readonly now: () => number;

  private constructor(
    /** null for a store that is not persisted. */
    readonly filePath: string | null,
    private data: EstimatesFile,
    /** Set when the file existed but could not be read; it was moved aside and estimates start afresh. */
    readonly loadWarning: string | null,
    options: EstimateStoreOptions,
  ) {
    this.keepRecent = options.keepRecent ?? 20;
    this.margin = options.margin ?? 1.1;
    this.now = options.now ?? Date.now;
  }

  /** Reads the file if it exists. A damaged file is kept as `<file>.corrupt` and estimates start afresh. */
  static async open(filePath: string, options: EstimateStoreOptions = {}): Promise<EstimateStore> {
    // Temp files of a process killed while it saved.
    await removeStaleTempFiles(path.dirname(filePath), (target) => target === path.basename(filePath));
    let text: string | undefined;
    try {
      text = await fs.readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text === undefined) return new EstimateStore(filePath, emptyFile(), null, options);
    try {
      const data = FileSchema.parse(JSON.parse(text));
      return new EstimateStore(filePath, data, null, options);
    } catch (error) {
      await fs.rename(filePath, `${filePath}.corrupt`).catch(() => undefined);
      const warning = `memory estimates in ${filePath} could not be read (${(error as Error).message.split('\n')[0]}); starting afresh, the old file is kept as ${path.basename(filePath)}.corrupt`;
      return new EstimateStore(filePath, emptyFile(), warning, options);
    }
  }

  /** A store that starts empty and writes nothing (the doctor without a data folder, tests). */
  static inMemory(options: EstimateStoreOptions = {}): EstimateStore {
    return new EstimateStore(null, emptyFile(), null, options);
  }

  /** Remembers an observation and writes the file (atomically); resolves when it is on disk. */
  recordObservation(observation: Observation): Promise<void> {
    const { modelId, provider, peakBytes, chunkChars, elapsedMs, cold } = observation;
    if (!(peakBytes >= 0) || !Number.isFinite(peakBytes) || !(chunkChars >= 0)) {
      return Promise.reject(new RangeError(`observation of ${modelId} has invalid figures`));
    }
    const entry = this.entry(modelId, provider, true);
    const atMs = this.now();
    if (chunkChars === 0) {
      entry.loads = [...entry.loads, { peakBytes, atMs }].slice(-this.keepRecent);
    } else {
      const chunk = {
        peakBytes,
        chunkChars: Math.round(chunkChars),
        atMs,
        ...(elapsedMs && elapsedMs > 0 ? { elapsedMs } : {}),
        ...(cold ? { cold: true } : {}),
      };
      entry.chunks = keepRecentChunks([...entry.chunks, chunk], this.keepRecent);
    }
    return this.persist();
  }

  /**
   * Remembers where a render stands (render-time-model.ts: replaces its earlier checkpoint) and writes the
   * file; resolves when it is on disk.
   */
  recordRender(
    modelId: string,
    provider: ExecutionProvider,
    render: Omit<RenderTiming, 'atMs'>,
  ): Promise<void> {
    if (!(render.chars > 0) || !(render.ms >= 0) || !Number.isFinite(render.ms)) {
      return Promise.reject(new RangeError(`render timing of ${modelId} has invalid figures`));
    }
    const entry = this.entry(modelId, provider, true);
    entry.renders = upsertRender(entry.renders, { ...render, atMs: this.now() });
    return this.persist();
  }

  /** Memory needed to load the model. */
  modelLoadEstimate(figures: ModelFigures): MemoryEstimate {
    const entry = this.entry(figures.modelId, figures.provider, false);
    const observed = entry?.loads.map((load) => load.peakBytes) ?? [];
    const base = { kind: 'model' as const, modelId: figures.modelId, provider: figures.provider };
    if (observed.length > 0)
      return { ...base, bytes: Math.ceil(this.conservative(observed)), basis: 'observed' };
    return { ...base, bytes: figures.manifestBytes, basis: 'manifest' };
  }

  /** Memory a chunk of `chunkChars` needs on top of the loaded model. */
  chunkEstimate(figures: ModelFigures, chunkChars: number): MemoryEstimate {
    const model = this.chunkModel(figures);
    return {
      kind: 'chunk',
      modelId: figures.modelId,
      provider: figures.provider,
      bytes: Math.ceil(model.fixedBytes + model.bytesPerChar * Math.max(0, chunkChars)),
      basis: model.basis,
      chunkChars,
    };
  }

  /** The chunk term as fixed bytes plus bytes per character (margin included; see the file comment). */
  chunkModel(figures: ModelFigures): { fixedBytes: number; bytesPerChar: number; basis: EstimateBasis } {
    const entry = this.entry(figures.modelId, figures.provider, false);
    const chunks = (entry?.chunks ?? []).slice(-this.keepRecent);
    const prior =
      figures.manifestPerCharBytes !== undefined
        ? { slope: figures.manifestPerCharBytes, basis: 'manifest' as const }
        : { slope: DEFAULT_PER_CHAR_BYTES, basis: 'default' as const };
    if (chunks.length === 0) return { fixedBytes: 0, bytesPerChar: prior.slope, basis: prior.basis };
    // Subtract the smallest credible model figure, so the chunk term errs on the large side.
    const loads = entry?.loads.map((load) => load.peakBytes) ?? [];
    const modelBytes = loads.length > 0 ? Math.min(...loads) : figures.manifestBytes;
    const points = chunks.map((chunk) => ({
      chars: chunk.chunkChars,
      bytes: Math.max(0, chunk.peakBytes - modelBytes),
    }));
    const fitted = fittedSlope(points);
    const slope = fitted ?? prior.slope;
    const fixed = this.conservative(points.map((point) => Math.max(0, point.bytes - slope * point.chars)));
    return {
      fixedBytes: fixed,
      bytesPerChar: slope * this.margin,
      basis: fitted === null ? prior.basis : 'observed',
    };
  }

  /**
   * Rendering speed over the observed chunks of MIN_SPEED_CHARS or more, the first of a worker's (cold) left
   * out while there are others, else the manifest's, else a default.
   */
  charsPerSecond(figures: ModelFigures): { charsPerSecond: number; basis: EstimateBasis } {
    const entry = this.entry(figures.modelId, figures.provider, false);
    const timedAll = (entry?.chunks ?? []).filter(
      (chunk) => chunk.elapsedMs !== undefined && chunk.chunkChars >= MIN_SPEED_CHARS,
    );
    const warm = timedAll.filter((chunk) => !chunk.cold);
    const timed = warm.length > 0 ? warm : timedAll;
    const chars = timed.reduce((sum, chunk) => sum + chunk.chunkChars, 0);
    const seconds = timed.reduce((sum, chunk) => sum + chunk.elapsedMs! / 1000, 0);
    if (seconds > 0) return { charsPerSecond: chars / seconds, basis: 'observed' };
    if (figures.manifestCharsPerSecond)
      return { charsPerSecond: figures.manifestCharsPerSecond, basis: 'manifest' };
    return { charsPerSecond: DEFAULT_CHARS_PER_SECOND[figures.provider], basis: 'default' };
  }

  /**
   * The engine's start-up in a fresh worker, as observed: how much longer its first chunk took than its
   * characters at the warm speed (median of the recent cold chunks); 0 before one has been seen.
   */
  startupMs(figures: ModelFigures): number {
    const entry = this.entry(figures.modelId, figures.provider, false);
    const chunks = entry?.chunks ?? [];
    const warm = chunks.filter((chunk) => !chunk.cold && chunk.elapsedMs !== undefined);
    const cold = chunks.filter((chunk) => chunk.cold && chunk.elapsedMs !== undefined);
    if (warm.length === 0 || cold.length === 0) return 0;
    const { charsPerSecond } = this.charsPerSecond(figures);
    const excess = cold
      .map((chunk) => Math.max(0, chunk.elapsedMs! - (chunk.chunkChars / charsPerSecond) * 1000))
      .sort((a, b) => a - b);
    return excess[Math.floor(excess.length / 2)] ?? 0;
  }

  /** Fixed cost and per-character time from the renders this machine has done; null before one can tell. */
  renderTime(figures: ModelFigures): { fixedMs: number; msPerChar: number } | null {
    return renderTimeModel(this.entry(figures.modelId, figures.provider, false)?.renders ?? []);
  }

  /** Number of observations held for a model and provider. */
  observationCount(modelId: string, provider: ExecutionProvider): { loads: number; chunks: number } {
    const entry = this.entry(modelId, provider, false);
    return { loads: entry?.loads.length ?? 0, chunks: entry?.chunks.length ?? 0 };
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    await this.writing;
  }

  private conservative(values: number[]): number {
    const recent = values.slice(-this.keepRecent).sort((a, b) => a - b);
    const statistic =
      recent.length < 10 ? recent[recent.length - 1]! : recent[Math.ceil(0.95 * recent.length) - 1]!;
    return statistic * this.margin;
  }

  private entry(modelId: string, provider: ExecutionProvider, create: true): Entry;
  private entry(modelId: string, provider: ExecutionProvider, create: false): Entry | undefined;
  private entry(modelId: string, provider: ExecutionProvider, create: boolean): Entry | undefined {
    const key = `${modelId}|${provider}`;
    let entry = this.data.models[key];
    if (!entry && create) {
      entry = { loads: [], chunks: [], renders: [] };
      this.data.models[key] = entry;
    }
    return entry;
  }

  /** Writes are chained so that the file always ends with the latest state. */
  private persist(): Promise<void> {
    const filePath = this.filePath;
    if (filePath === null) return Promise.resolve();
    const text = `${JSON.stringify(this.data, null, 2)}\n`;
    const write = this.writing.then(async () => {
      await fs.mkdir(path.dirname(filePath), { recursive: true });
      await writeFileAtomic(filePath, text);
    });
    this.writing = write.catch(() => undefined);
    return write;
  }
}

/**
 * Least-squares bytes per character through the observations, when they span enough sizes to tell a slope
 * from a fixed cost (see the file comment); never negative. Null when they do not.
 */
export function fittedSlope(points: readonly { chars: number; bytes: number }[]): number | null {
  const chars = points.map((point) => point.chars);
  if (Math.max(...chars) - Math.min(...chars) < 50) return null;
  const line = fitLine(
    points.map((point) => ({ x: point.chars, y: point.bytes })),
    2,
  );
  return line && Math.max(0, line.slope);
}

function emptyFile(): EstimatesFile {
  return { version: 1, models: {} };
}

/** Cold chunks kept at most (each render of a fresh worker adds one). */
const KEEP_COLD_CHUNKS = 5;

/**
 * The newest `keepRecent` warm chunks and the newest few cold ones, in order: a long render must not push
 * the last start-up it saw out of the file.
 */
export function keepRecentChunks<T extends { cold?: boolean }>(
  chunks: readonly T[],
  keepRecent: number,
): T[] {
  const warm = new Set(chunks.filter((chunk) => !chunk.cold).slice(-keepRecent));
  const cold = new Set(chunks.filter((chunk) => chunk.cold).slice(-KEEP_COLD_CHUNKS));
  return chunks.filter((chunk) => warm.has(chunk) || cold.has(chunk));
}
