/** The interface every engine implements inside the inference worker. */
import type {
  EngineDescription,
  LoadResult,
  ModelSpec,
  SynthesizeRequest,
} from '../../../shared/protocol/worker-protocol';

export interface Engine {
  readonly id: string;
  /** Voices, rate, limits; for engines with model packs, of the given model. */
  describe(model?: ModelSpec): Promise<EngineDescription>;
  /** Loads a model pack (no-op for engines without one) and reports the execution provider used. */
  load(model: ModelSpec): Promise<LoadResult>;
  unload(modelId: string): Promise<void>;
  /**
   * Renders one chunk. Audio is handed to `onAudio` as it is produced (mono float32 at the returned
   * rate); the promise resolves when the chunk is complete. Honours `signal` between blocks.
   */
  synthesize(
    request: SynthesizeRequest,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
    hooks?: SynthesizeHooks,
  ): Promise<{ sampleRate: number }>;
  dispose(): Promise<void>;
}

/** What the worker can watch inside a synthesize call (fault injection: `@step:N`). */
export interface SynthesizeHooks {
  /** Called before each step of an autoregressive loop (autoregressive engines only). */
  step?: () => void;
}

/** An error an engine throws that the worker reports with its code. */
export class EngineError extends Error {
  constructor(
    readonly code:
      'unknown-voice' | 'model-missing' | 'model-invalid' | 'out-of-memory' | 'engine-failed' | 'bad-request',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Throws the engines' `cancelled` error once the request was aborted. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new EngineError('bad-request', 'cancelled');
}
