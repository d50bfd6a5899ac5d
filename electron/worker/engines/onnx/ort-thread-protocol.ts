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
      /** Feeds this state's tensors too, and replaces them by the outputs named in its carry. */
      state?: StateRun;
    }
  | { type: 'release'; reqId: number; sessionId: number }
  /** A state (named tensors kept on the thread between runs, e.g. a KV cache) made from its spec. */
  | { type: 'state-init'; reqId: number; stateId: number; entries: StateEntrySpec[] }
  /** A copy of state `from` under the id `to` (a voice's prefilled cache, copied per sentence). */
  | { type: 'state-copy'; reqId: number; from: number; to: number }
  | { type: 'state-release'; reqId: number; stateId: number }
  /** Fault injection (tests): the thread ends at once with this exit code, as a native crash would. */
  | { type: 'exit'; reqId: number; code: number };

/** One tensor of a resident state: its input name, element type, shape and initial value. */
export interface StateEntrySpec {
  name: string;
  type: 'float32' | 'int64' | 'int32' | 'bool';
  dims: number[];
  fill: 'zeros' | 'ones' | 'nan';
}

/**
 * A run against a resident state: every state tensor is fed by its name; afterwards each output named in
 * `carry` (output name → state input name) replaces that state tensor and is not sent back.
 */
export interface StateRun {
  stateId: number;
  carry: Record<string, string>;
}

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
