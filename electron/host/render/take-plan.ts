/**
 * The one plan builder: how a turn renders now. Its take from the cache, or its key, model, engine and
 * chunks. The render queue renders these plans; up-front plans (the CLI's estimate) report them.
 */
import type { EngineDescription, ModelSpec } from '../../../shared/protocol/worker-protocol';
import type { PlannedChunk } from './chunk-plan';
import { charsWithinSeconds, planChunks } from './chunk-plan';
import { takeKey } from './take-key';
import { checkReference } from './clip-check';
import type { TakeMeta, TakeStore } from './take-store';
import type { TakeRequest } from './render-types';

export type TakePlan =
  | { cached: true; meta: TakeMeta }
  | {
      cached: false;
      hash: string;
      model: ModelSpec | undefined;
      description: EngineDescription;
      chunks: PlannedChunk[];
      /** Turns of this engine that may render at once. */
      parallelCalls: number;
    };

export type RenderPlan = Extract<TakePlan, { cached: false }>;

export interface TakePlannerOptions {
  resolveModel: ((request: TakeRequest['voice']) => Promise<ModelSpec | undefined>) | undefined;
  describe: (engine: string, model: ModelSpec | undefined) => Promise<EngineDescription>;
  /** The watchdog's chunk lever: 1 = the engine's limit, 0.5 = half-size chunks. */
  chunkScale: () => number;
}

export class TakePlanner {
  constructor(private readonly options: TakePlannerOptions) {}

  /** A turn's take key (with its model pack's content hash, so new weights never serve old audio). */
  async key(request: TakeRequest): Promise<{ hash: string; model: ModelSpec | undefined }> {
    const model = await this.options.resolveModel?.(request.voice);
    const hash = takeKey(request.voice, request.text, model ? (model.contentHash ?? model.id) : '');
    return { hash, model };
  }

  /** The turn's take from the cache (unless forced), or what rendering it takes. */
  async plan(store: TakeStore, request: TakeRequest): Promise<TakePlan> {
    const { hash, model } = await this.key(request);
    if (!request.force) {
      const meta = await store.get(hash);
      if (meta) return { cached: true, meta };
    }
    const description = await this.options.describe(request.voice.engine, model);
    checkReference(request, description);
    const chunks = planChunks(
      request.text,
      this.maxChunkChars(description, request),
      request.voice.params.ratePercent,
      description.packsSentences,
    );
    const parallelCalls = Math.max(1, Math.floor(description.parallelCalls ?? 1));
    return { cached: false, hash, model, description, chunks, parallelCalls };
  }

  /** The engine's limit (scaled by the watchdog), and for speech servers the expected seconds of this text. */
  private maxChunkChars(description: EngineDescription, request: TakeRequest): number {
    const chars = Math.max(24, Math.floor(description.maxChunkChars * this.options.chunkScale()));
    const { ratePercent } = request.voice.params;
    return charsWithinSeconds(request.text, chars, ratePercent, description.maxChunkSeconds);
  }
}
