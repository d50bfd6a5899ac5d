/**
 * Owns the onnxruntime worker_thread: starts it on first use, sends requests, and turns its death into
 * rejected calls instead of a hung worker. Sessions opened on a thread that has since died are stale
 * (see {@link OrtThread.generation}); the next request starts a fresh thread.
 */
import { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../../threads/module-thread';
import type {
  CreatedSession,
  FromOrtThread,
  RunOutput,
  StateEntrySpec,
  StateRun,
  ThreadRunOptions,
  ThreadSessionOptions,
} from './ort-thread-protocol';
import type { TensorPayload } from './tensor-payload';
import { transferListOf } from './tensor-payload';

/** The thread stopped (native crash, out of memory, terminated) while a request was outstanding. */
export class OrtThreadLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrtThreadLostError';
  }
}

export interface OrtThreadOptions {
  /**
   * The thread's entry file. Default: `ort-thread.js` next to this module in a build, or `ort-thread.ts`
   * through tsx's loader when running from source (tests, CLI, dev).
   */
  entry?: URL;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class OrtThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextReqId = 1;
  private nextStateId = 1;
  private currentGeneration = 0;
  private disposed = false;

  constructor(private readonly options: OrtThreadOptions = {}) {}

  /** Increases every time a thread starts; a session belongs to the generation it was created in. */
  get generation(): number {
    return this.currentGeneration;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  async createSession(
    modelPath: string,
    options: ThreadSessionOptions,
  ): Promise<CreatedSession & { generation: number }> {
    const worker = this.ensureStarted();
    const generation = this.currentGeneration;
    const created = (await this.request(
      worker,
      { type: 'create', modelPath, options },
      [],
    )) as CreatedSession;
    return { ...created, generation };
  }

  run(
    generation: number,
    sessionId: number,
    feeds: Record<string, TensorPayload>,
    options: ThreadRunOptions = {},
    state?: StateRun,
  ): Promise<RunOutput> {
    const worker = this.worker;
    if (!worker || generation !== this.currentGeneration) {
      return Promise.reject(
        new OrtThreadLostError(
          'the ONNX session was lost when its runtime thread stopped; load the model again',
        ),
      );
    }
    return this.request(
      worker,
      { type: 'run', sessionId, feeds, options, ...(state ? { state } : {}) },
      transferListOf(Object.values(feeds)),
    ) as Promise<RunOutput>;
  }

  /**
   * Creates a resident state on the thread (of `generation`, like a session) and returns its id. Its
   * tensors stay on the thread: runs feed them and carry outputs into them without copying across.
   */
  async createState(generation: number, entries: StateEntrySpec[]): Promise<number> {
    const stateId = this.nextStateId++;
    await this.request(this.workerOf(generation), { type: 'state-init', stateId, entries }, []);
    return stateId;
  }

  /** A copy of a resident state under a new id. */
  async copyState(generation: number, from: number): Promise<number> {
    const to = this.nextStateId++;
    await this.request(this.workerOf(generation), { type: 'state-copy', from, to }, []);
    return to;
  }

  async releaseState(generation: number, stateId: number): Promise<void> {
    const worker = this.worker;
    if (!worker || generation !== this.currentGeneration) return;
    await this.request(worker, { type: 'state-release', stateId }, []);
  }

  private workerOf(generation: number): Worker {
    const worker = this.worker;
    if (!worker || generation !== this.currentGeneration) {
      throw new OrtThreadLostError(
        'the ONNX state was lost when its runtime thread stopped; load the model again',
      );
    }
    return worker;
  }

  async release(generation: number, sessionId: number): Promise<void> {
    const worker = this.worker;
    if (!worker || generation !== this.currentGeneration) return;
    await this.request(worker, { type: 'release', sessionId }, []);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new OrtThreadLostError('the ONNX runtime was shut down'));
    if (worker) await worker.terminate();
  }

  private ensureStarted(): Worker {
    if (this.disposed) throw new OrtThreadLostError('the ONNX runtime was shut down');
    if (this.worker) return this.worker;
    const worker = this.spawn();
    this.currentGeneration += 1;
    worker.unref();
    worker.on('message', (reply: FromOrtThread) => this.settle(reply));
    worker.on('error', (error) => this.lost(worker, `the ONNX runtime thread failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(worker, `the ONNX runtime thread exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private spawn(): Worker {
    if (this.options.entry) return new Worker(this.options.entry);
    return startModuleThread(import.meta.url, './ort-thread', 'ort-thread', {});
  }

  private request(
    worker: Worker,
    message: Record<string, unknown>,
    transfer: ArrayBuffer[],
  ): Promise<unknown> {
    const reqId = this.nextReqId++;
    return new Promise((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      // Keep the process alive only while the thread has work to answer.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ ...message, reqId }, transfer);
    });
  }

  private settle(reply: FromOrtThread): void {
    const pending = this.pending.get(reply.reqId);
    if (!pending) return;
    this.pending.delete(reply.reqId);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(new Error(reply.message));
  }

  private lost(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(new OrtThreadLostError(reason));
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const call of pending) call.reject(error);
  }
}
