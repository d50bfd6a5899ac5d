/**
 * Answers host requests inside the inference worker: dispatches to engines, streams audio, honours
 * cancellation, sends heartbeats, and fires injected faults.
 */
import type {
  HostToWorker,
  WorkerError,
  WorkerErrorCode,
  WorkerToHost,
} from '../../shared/protocol/worker-protocol';
import type { Engine } from './engines/engine';
import { EngineError } from './engines/engine';
import { EspeakPhonemizer } from './engines/onnx/phonemizer';
import type { FaultPlan } from './faults';
import { fire } from './faults';

export const HEARTBEAT_INTERVAL_MS = 500;

export class WorkerService {
  private readonly inFlight = new Map<number, AbortController>();
  private busyCallId: number | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly phonemizer = new EspeakPhonemizer();

  constructor(
    private readonly engines: Map<string, Engine>,
    private readonly send: (message: WorkerToHost) => void,
    private readonly faults: FaultPlan,
  ) {}

  start(): void {
    this.send({ type: 'ready', pid: process.pid, engines: [...this.engines.keys()] });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS);
  }

  private beat(): void {
    this.send({
      type: 'heartbeat',
      atMs: Date.now(),
      rssBytes: process.memoryUsage.rss(),
      busyCallId: this.busyCallId,
    });
  }

  async handle(message: HostToWorker): Promise<void> {
    if (message.type === 'cancel') {
      this.inFlight.get(message.targetCallId)?.abort();
      this.send({ type: 'result', callId: message.callId, value: { ok: true } });
      return;
    }
    if (message.type === 'shutdown') {
      await this.dispose();
      this.send({ type: 'result', callId: message.callId, value: { ok: true } });
      return;
    }
    const controller = new AbortController();
    this.inFlight.set(message.callId, controller);
    try {
      const value = await this.dispatch(message, controller.signal);
      this.send({ type: 'result', callId: message.callId, value });
    } catch (error) {
      this.send({ type: 'error', callId: message.callId, error: toWorkerError(error, controller.signal) });
    } finally {
      this.inFlight.delete(message.callId);
      if (this.busyCallId === message.callId) this.busyCallId = null;
    }
  }

  private async dispatch(
    message: Exclude<HostToWorker, { type: 'cancel' | 'shutdown' }>,
    signal: AbortSignal,
  ): Promise<unknown> {
    switch (message.type) {
      case 'describe':
        return this.engine(message.engine).describe(message.model);
      case 'load': {
        const fault = this.faults.onLoad();
        if (fault) throw new InjectedFault(fire(fault));
        return this.engine(message.model.engine).load(message.model);
      }
      case 'unload': {
        for (const engine of this.engines.values()) await engine.unload(message.modelId);
        return { ok: true };
      }
      case 'phonemize':
        return this.phonemizer.phonemize(message.text, message.language);
      case 'synthesize': {
        const fault = this.faults.onChunk();
        if (fault) throw new InjectedFault(fire(fault));
        this.busyCallId = message.callId;
        // Should an engine compute on this thread, it would stop the heartbeat while it works: say so first,
        // so the host waits for the call's own deadline instead of calling the worker hung. (espeak and ONNX
        // Runtime run on threads of their own.)
        this.beat();
        const started = Date.now();
        let seq = 0;
        let totalSamples = 0;
        let sampleRate = 0;
        const engine = this.engine(message.request.engine);
        const description = await engine.describe(message.request.model);
        sampleRate = description.sampleRate;
        // Engines may hand over small blocks; the host gets them in batches of about a second,
        // which still streams but costs one message per second of audio instead of ten.
        const pending: Float32Array[] = [];
        let pendingSamples = 0;
        const flush = () => {
          if (pendingSamples === 0) return;
          const pcm =
            pending.length === 1 ? (pending[0] as Float32Array) : concatBlocks(pending, pendingSamples);
          this.send({ type: 'audio', callId: message.callId, seq: seq++, sampleRate, pcm });
          pending.length = 0;
          pendingSamples = 0;
        };
        const result = await engine.synthesize(
          message.request,
          signal,
          (pcm) => {
            const audioFault = this.faults.onAudio();
            if (audioFault) throw new InjectedFault(fire(audioFault));
            totalSamples += pcm.length;
            pending.push(pcm);
            pendingSamples += pcm.length;
            if (pendingSamples >= sampleRate) flush();
          },
          {
            step: () => {
              const stepFault = this.faults.onStep();
              if (stepFault) throw new InjectedFault(fire(stepFault));
            },
          },
        );
        flush();
        if (signal.aborted) throw new CancelledError();
        return { sampleRate: result.sampleRate, totalSamples, elapsedMs: Date.now() - started };
      }
    }
  }

  private engine(id: string): Engine {
    const engine = this.engines.get(id);
    if (!engine) {
      throw new WorkerFailure(
        'unknown-engine',
        `no engine "${id}" (available: ${[...this.engines.keys()].join(', ')})`,
      );
    }
    return engine;
  }

  async dispose(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const controller of this.inFlight.values()) controller.abort();
    for (const engine of this.engines.values()) await engine.dispose();
  }
}

class WorkerFailure extends Error {
  constructor(
    readonly code: WorkerErrorCode,
    message: string,
  ) {
    super(message);
  }
}

class CancelledError extends WorkerFailure {
  constructor() {
    super('cancelled', 'cancelled');
  }
}

class InjectedFault extends WorkerFailure {
  constructor(result: { code: WorkerErrorCode; message: string }) {
    super(result.code, result.message);
  }
}

function toWorkerError(error: unknown, signal: AbortSignal): WorkerError {
  if (signal.aborted) return { code: 'cancelled', message: 'cancelled' };
  if (error instanceof WorkerFailure || error instanceof EngineError)
    return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory|failed to allocate|bad_alloc/i.test(message)) return { code: 'out-of-memory', message };
  return { code: 'engine-failed', message };
}

function concatBlocks(blocks: Float32Array[], total: number): Float32Array {
  const out = new Float32Array(total);
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}
