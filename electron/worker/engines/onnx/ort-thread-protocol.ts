/** Messages between the engines (worker main thread) and the onnxruntime thread. */
import type { TensorPayload, ValueInfo } from './tensor-payload';

/** Session options as plain data (what crosses the thread boundary). */
export interface ThreadSessionOptions {
  executionProviders: string[];
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  executionMode: 'sequential' | 'parallel';
  enableCpuMemArena: boolean;
  enableMemPattern: boolean;
  intraOpNumThreads: number;
  interOpNumThreads: number;
  logSeverityLevel: 0 | 1 | 2 | 3 | 4;
}

export interface ThreadRunOptions {
  /** Run-level config entries, e.g. `{ memory: { enable_memory_arena_shrinkage: 'gpu:0' } }`. */
  extra?: Record<string, Record<string, string>>;
}

export type ToOrtThread =
  | { type: 'create'; reqId: number; modelPath: string; options: ThreadSessionOptions }
  | {
      type: 'run';
      reqId: number;
      sessionId: number;
      feeds: Record<string, TensorPayload>;
      options: ThreadRunOptions;
    }
  | { type: 'release'; reqId: number; sessionId: number }
  /** Fault injection (tests): the thread ends at once with this exit code, as a native crash would. */
  | { type: 'exit'; reqId: number; code: number };

export interface CreatedSession {
  sessionId: number;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface RunOutput {
  outputs: Record<string, TensorPayload>;
  runMs: number;
}

export type FromOrtThread =
  | { reqId: number; ok: true; value: CreatedSession | RunOutput | null }
  | { reqId: number; ok: false; message: string };
