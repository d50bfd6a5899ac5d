/**
 * What the ONNX engines of one worker share: the onnxruntime thread and the cache of loaded models under
 * one byte budget. Each engine retains the runtime; the last one to let go shuts the thread down.
 */
import os from 'node:os';
import type { ExecutionProvider } from '../../../../shared/protocol/worker-protocol';
import type { CachedModel, ModelCacheOptions } from './model-cache';
import { ModelCache } from './model-cache';
import type { OpenSessionOptions } from './onnx-session';
import { OnnxSession } from './onnx-session';
import { OrtThread } from './ort-thread-client';

/** A loaded model of some ONNX engine. */
export interface OnnxModel extends CachedModel {
  readonly engine: string;
}

export interface OnnxRuntimeOptions extends OpenSessionOptions, ModelCacheOptions {
  /** Memory the loaded models may take together, bytes. Default: a quarter of RAM, at most 4 GiB. */
  budgetBytes?: number;
  /** Entry of the onnxruntime thread (see OrtThreadOptions.entry). */
  threadEntry?: URL;
}

export function defaultModelBudgetBytes(totalMemoryBytes: number = os.totalmem()): number {
  return Math.min(4 * 1024 ** 3, Math.round(totalMemoryBytes / 4));
}

export class OnnxRuntime {
  readonly thread: OrtThread;
  readonly cache: ModelCache<OnnxModel>;
  private holders = 0;

  constructor(private readonly options: OnnxRuntimeOptions = {}) {
    this.thread = new OrtThread(options.threadEntry ? { entry: options.threadEntry } : {});
    this.cache = new ModelCache<OnnxModel>(options.budgetBytes ?? defaultModelBudgetBytes(), options);
  }

  openSession(modelPath: string, providers: readonly ExecutionProvider[]): Promise<OnnxSession> {
    return OnnxSession.open(this.thread, modelPath, providers, this.options);
  }

  retain(): void {
    this.holders += 1;
  }

  /** Releases one holder's models; when no holder is left, every model and the thread too. */
  async release(engine: string): Promise<void> {
    await this.cache.clear((model) => model.engine === engine);
    this.holders = Math.max(0, this.holders - 1);
    if (this.holders === 0) {
      await this.cache.clear();
      await this.thread.dispose();
    }
  }
}
