/**
 * Fault injection for tests: `ROUNDTABLE_FAULTS=abort@chunk:3,oom@chunk:2,hang@load,exit@start` makes the
 * worker fail on cue (`@start`: before it says ready). Chunks are counted per worker process (1-based synthesize calls);
 * `@audio:N` fires when an engine hands over its Nth block of audio in this process (mid-chunk: inside an
 * autoregressive loop, a block is one generated frame); `@step:N` fires before the Nth step of an autoregressive
 * loop whose audio comes out only at its end (Chatterbox Turbo). With `ROUNDTABLE_FAULTS_STATE`
 * set to a file path, each fault fires once across worker restarts (the file records fired faults);
 * without it a fault fires in every worker process, which models an always-crashing worker.
 */
import fs from 'node:fs';

export type FaultKind = 'abort' | 'exit' | 'oom' | 'hang' | 'error';
export type FaultTrigger =
  | { at: 'start' }
  | { at: 'load' }
  | { at: 'chunk'; index: number }
  | { at: 'audio'; index: number }
  | { at: 'step'; index: number };

export interface Fault {
  spec: string;
  kind: FaultKind;
  trigger: FaultTrigger;
}

const FAULT = /^(abort|exit|oom|hang|error)@(start|load|(chunk|audio|step):(\d+))$/;

export function parseFaults(value: string | undefined): Fault[] {
  if (!value) return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((spec) => {
      const match = FAULT.exec(spec);
      if (!match) {
        throw new Error(
          `ROUNDTABLE_FAULTS: "${spec}" is not a fault; use kind@start, kind@load, kind@chunk:N, kind@audio:N or kind@step:N (kinds: abort, exit, oom, hang, error)`,
        );
      }
      const trigger: FaultTrigger =
        match[2] === 'start' || match[2] === 'load'
          ? { at: match[2] }
          : { at: match[3] === 'audio' || match[3] === 'step' ? match[3] : 'chunk', index: Number(match[4]) };
      return { spec, kind: match[1] as FaultKind, trigger };
    });
}

export class FaultPlan {
  private chunkCount = 0;
  private audioCount = 0;
  private stepCount = 0;

  constructor(
    private readonly faults: Fault[],
    private readonly statePath: string | undefined,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv): FaultPlan {
    return new FaultPlan(parseFaults(env.ROUNDTABLE_FAULTS), env.ROUNDTABLE_FAULTS_STATE || undefined);
  }

  /** The fault to fire while the worker starts (before it says ready), if any. */
  onStart(): Fault | undefined {
    return this.take((trigger) => trigger.at === 'start');
  }

  /** The fault to fire at a model load, if any. */
  onLoad(): Fault | undefined {
    return this.take((trigger) => trigger.at === 'load');
  }

  /** Counts a synthesize call and returns the fault to fire for it, if any. */
  onChunk(): Fault | undefined {
    this.chunkCount += 1;
    const count = this.chunkCount;
    return this.take((trigger) => trigger.at === 'chunk' && trigger.index === count);
  }

  /** Counts a block of audio an engine handed over and returns the fault to fire for it, if any. */
  onAudio(): Fault | undefined {
    this.audioCount += 1;
    const count = this.audioCount;
    return this.take((trigger) => trigger.at === 'audio' && trigger.index === count);
  }

  /** Counts a step of an autoregressive loop and returns the fault to fire for it, if any. */
  onStep(): Fault | undefined {
    this.stepCount += 1;
    const count = this.stepCount;
    return this.take((trigger) => trigger.at === 'step' && trigger.index === count);
  }

  private take(matches: (trigger: FaultTrigger) => boolean): Fault | undefined {
    const fired = this.firedSpecs();
    const fault = this.faults.find(
      (candidate, index) => matches(candidate.trigger) && !fired.has(`${index}:${candidate.spec}`),
    );
    if (fault && this.statePath) {
      fs.appendFileSync(this.statePath, `${this.faults.indexOf(fault)}:${fault.spec}\n`);
    }
    return fault;
  }

  private firedSpecs(): Set<string> {
    if (!this.statePath) return new Set();
    try {
      return new Set(fs.readFileSync(this.statePath, 'utf8').split('\n').filter(Boolean));
    } catch {
      return new Set();
    }
  }
}

/** Carries out a fault. `abort`, `exit` and `hang` never return. */
export function fire(fault: Fault): { code: 'out-of-memory' | 'engine-failed'; message: string } {
  switch (fault.kind) {
    case 'abort':
      process.kill(process.pid, 'SIGABRT');
      break;
    case 'exit':
      process.exit(70);
      break;
    case 'hang': {
      // Said first (stderr is a pipe, written synchronously on Linux) so a test can tell the hang began.
      process.stderr.write(`injected fault ${fault.spec}: the worker hangs\n`);
      // A stuck native call: the thread never yields, so heartbeats stop.
      const view = new Int32Array(new SharedArrayBuffer(4));
      for (;;) Atomics.wait(view, 0, 0, 60_000);
    }
    case 'oom':
      return {
        code: 'out-of-memory',
        message: `injected fault ${fault.spec}: CUDA out of memory (simulated)`,
      };
    case 'error':
      return { code: 'engine-failed', message: `injected fault ${fault.spec}` };
  }
  throw new Error('unreachable');
}
