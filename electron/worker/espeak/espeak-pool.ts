/**
 * A pool of espeak threads (espeak-thread.ts): requests wait in arrival order for an idle thread; a thread
 * starts when a request finds none idle and the pool is not full. A thread that dies fails only its own
 * request; the next request starts a fresh one.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleThread } from '../../threads/module-thread';
import type {
  EspeakThreadData,
  EspeakThreadFailure,
  FromEspeakThread,
  ToEspeakThread,
} from './espeak-thread-protocol';
import type { EspeakSynthOptions } from './espeak-wasm';

export class EspeakThreadError extends Error {
  constructor(
    readonly code: EspeakThreadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'EspeakThreadError';
  }
}

interface Request {
  id: number;
  text: string;
  options: EspeakSynthOptions;
  onAudio: (pcm: Float32Array) => void;
  resolve: (result: { cancelled: boolean }) => void;
  reject: (error: Error) => void;
}

interface PoolThread {
  worker: Worker;
  cancel: Int32Array;
  ready: boolean;
  current: Request | undefined;
}

export class EspeakPool {
  private readonly threads = new Set<PoolThread>();
  private readonly waiting: Request[] = [];
  private nextId = 1;
  private disposed = false;

  /** @param size most threads at once (most turns rendered at once) */
  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`an espeak pool needs 1 or more threads; got ${size}`);
  }

  /** Threads running now (started ones included). */
  get threadCount(): number {
    return this.threads.size;
  }

  /**
   * Renders `text`; audio arrives through `onAudio` (float32, mono, espeak's rate) in order. Aborting
   * `signal` stops the request at espeak's next block (or drops it from the queue): it then resolves with
   * `cancelled: true`.
   */
  synthesize(
    text: string,
    options: EspeakSynthOptions,
    signal: AbortSignal,
    onAudio: (pcm: Float32Array) => void,
  ): Promise<{ cancelled: boolean }> {
    if (this.disposed) return Promise.reject(new EspeakThreadError('engine-failed', 'espeak was shut down'));
    if (signal.aborted) return Promise.resolve({ cancelled: true });
    return new Promise((resolve, reject) => {
      const onAbort = () => this.abort(request);
      // The listener goes when the request settles, whatever settles it.
      const settled =
        <T>(settle: (value: T) => void) =>
        (value: T) => {
          signal.removeEventListener('abort', onAbort);
          settle(value);
        };
      const request: Request = {
        id: this.nextId++,
        text,
        options,
        onAudio,
        resolve: settled(resolve),
        reject: settled(reject),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(request);
      this.dispatch();
    });
  }

  private abort(request: Request): void {
    const queued = this.waiting.indexOf(request);
    if (queued >= 0) {
      this.waiting.splice(queued, 1);
      request.resolve({ cancelled: true });
      return;
    }
    for (const thread of this.threads) {
      if (thread.current === request) Atomics.store(thread.cancel, 0, request.id);
    }
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const idle = [...this.threads].find((thread) => thread.ready && !thread.current);
      if (idle) {
        this.run(idle, this.waiting.shift() as Request);
        continue;
      }
      const starting = [...this.threads].filter((thread) => !thread.ready).length;
      if (this.threads.size >= this.size || starting >= this.waiting.length) return;
      this.start();
    }
  }

  private run(thread: PoolThread, request: Request): void {
    thread.current = request;
    const message: ToEspeakThread = {
      type: 'synthesize',
      id: request.id,
      text: request.text,
      options: request.options,
    };
    thread.worker.postMessage(message);
  }

  private start(): void {
    const cancel = new SharedArrayBuffer(4);
    const data: EspeakThreadData = { cancel };
    const worker = startModuleThread(import.meta.url, './espeak-thread', 'espeak-thread', data);
    const thread: PoolThread = { worker, cancel: new Int32Array(cancel), ready: false, current: undefined };
    this.threads.add(thread);
    worker.on('message', (message: FromEspeakThread) => this.onMessage(thread, message));
    worker.on('error', (error) => this.lost(thread, `the espeak thread failed: ${error.message}`));
    worker.on('exit', (code) => this.lost(thread, `the espeak thread stopped (exit code ${code})`));
  }

  private onMessage(thread: PoolThread, message: FromEspeakThread): void {
    if (message.type === 'ready') {
      thread.ready = true;
      this.dispatch();
      return;
    }
    const request = thread.current;
    if (!request || request.id !== message.id) return;
    if (message.type === 'audio') {
      request.onAudio(message.pcm);
      return;
    }
    thread.current = undefined;
    if (message.type === 'done') request.resolve({ cancelled: message.cancelled });
    else request.reject(new EspeakThreadError(message.code, message.message));
    this.dispatch();
  }

  private lost(thread: PoolThread, reason: string): void {
    if (!this.threads.delete(thread)) return;
    const request = thread.current;
    thread.current = undefined;
    void thread.worker.terminate();
    request?.reject(new EspeakThreadError('engine-failed', reason));
    if (this.disposed) return;
    // A thread that dies before it is ready will not do better on a second try right away: fail what
    // waits (the next request tries again) instead of starting threads in a loop.
    if (!thread.ready) {
      for (const waiting of this.waiting.splice(0)) {
        waiting.reject(new EspeakThreadError('engine-failed', `espeak-ng could not start: ${reason}`));
      }
    }
    this.dispatch();
  }

  /** Stops every thread; queued and running requests fail. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const threads = [...this.threads];
    this.threads.clear();
    for (const request of this.waiting.splice(0)) {
      request.reject(new EspeakThreadError('engine-failed', 'espeak was shut down'));
    }
    for (const thread of threads) {
      thread.current?.reject(new EspeakThreadError('engine-failed', 'espeak was shut down'));
      thread.current = undefined;
    }
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }
}
