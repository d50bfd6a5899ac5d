/** What the render queue takes, reports and lets the watchdog hook into. */
import type { RenderProgress, WatchdogAction } from '../../../shared/api/studio-api';
import type { VoiceRef } from '../../../shared/model/voice';
import type {
  EngineDescription,
  ExecutionProvider,
  LoadResult,
  ClipReference,
  ModelSpec,
} from '../../../shared/protocol/worker-protocol';
import type { Logger } from '../util/logger';
import type { WorkerHost } from '../worker/worker-host';
import type { HostEngine } from '../speech-server/server-engine';

export interface TakeRequest {
  segmentId: string;
  text: string;
  voice: VoiceRef;
  force?: boolean;
  /** The stored clip of `voice.clip`, consent checked (clips/clip-references.ts); engines read it from its path. */
  reference?: ClipReference;
}

export interface RenderServiceOptions {
  worker: WorkerHost;
  /** Resolves a voice's model pack for ONNX engines; undefined for engines without packs. */
  resolveModel?: (voice: VoiceRef) => Promise<ModelSpec | undefined>;
  maxAttemptsPerChunk?: number;
  modelLoadDeadlineMs?: number;
  logger?: Logger;
  /**
   * Engines that run in the host instead of the worker (speech servers): undefined for worker engines.
   * Their chunks take the same path (cache, chunking, checks, retries, progress) without model loads or
   * the memory gate, since they use no memory of this machine.
   */
  hostEngine?: (engine: string) => Promise<HostEngine | undefined>;
  /** How long `dispose` waits for cancelled jobs to end (RENDER_SHUTDOWN_WAIT_MS by default). */
  shutdownWaitMs?: number;
}

/** What a chunk hook sees: the text about to be rendered, with its voice, model and engine. */
export interface ChunkContext {
  text: string;
  voice: VoiceRef;
  model: ModelSpec | undefined;
  description: EngineDescription;
}

export type LoadOutcome = { ok: true; result: LoadResult; elapsedMs: number } | { ok: false; error: unknown };
export type ChunkOutcome = { ok: true; elapsedMs: number } | { ok: false; error: unknown };

/**
 * Hooks for the resource watchdog. `beforeModelLoad` and `beforeChunk` may wait (for memory) or throw (the
 * turn then fails with that error); what they return is called once the load or chunk has finished.
 */
export interface RenderHooks {
  beforeModelLoad?: (
    model: ModelSpec,
    signal: AbortSignal,
  ) => Promise<((outcome: LoadOutcome) => void) | void>;
  beforeChunk?: (
    chunk: ChunkContext,
    signal: AbortSignal,
  ) => Promise<((outcome: ChunkOutcome) => void) | void>;
  /** Models this service unloaded from the worker (not those lost with a worker process). */
  modelsUnloaded?: (modelIds: string[]) => void;
}

/** A model the current worker process holds, as loaded by this service. */
export interface LoadedModel {
  modelId: string;
  pid: number | undefined;
  provider: ExecutionProvider;
}

/** How a turn would render now: from the cache, or these chunks with this model (for up-front plans). */
export type TurnPlan =
  | { segmentId: string; cached: true }
  | {
      segmentId: string;
      cached: false;
      voice: VoiceRef;
      model: ModelSpec | undefined;
      description: EngineDescription;
      chunks: string[];
    };

export type RenderServiceEvents = {
  progress: RenderProgress;
  action: WatchdogAction;
};

/** Says a watchdog action happened (the queue's events carry it to the UI). */
export type ActionSink = (action: WatchdogAction['action'], reason: string) => void;

export class RenderCancelledError extends Error {
  constructor() {
    super('render cancelled');
  }
}
