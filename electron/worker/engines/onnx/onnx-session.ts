/**
 * One loaded ONNX model: its input/output metadata as onnxruntime reports it, the execution provider it
 * actually runs on (with the reason when an earlier provider was skipped), and `run` on the onnxruntime
 * thread.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExecutionProvider } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import type { OrtProvider } from './execution-providers';
import { planProviders, runOptionsFor, sessionOptionsFor } from './execution-providers';
import type { OrtThread } from './ort-thread-client';
import { OrtThreadLostError } from './ort-thread-client';
import type { StateRun } from './ort-thread-protocol';
import type { TensorPayload, ValueInfo } from './tensor-payload';

export interface OpenSessionOptions {
  platform?: NodeJS.Platform;
  cpuCount?: number;
}

export class OnnxSession {
  private released = false;
  /** Milliseconds the last `run` spent inside onnxruntime. */
  lastRunMs = 0;

  private constructor(
    private readonly thread: OrtThread,
    private readonly generation: number,
    private readonly sessionId: number,
    readonly modelPath: string,
    readonly inputs: readonly ValueInfo[],
    readonly outputs: readonly ValueInfo[],
    readonly provider: OrtProvider,
    readonly fallbackReason: string | undefined,
    readonly loadMs: number,
  ) {}

  /**
   * Opens `modelPath` on the first provider that works, in the order of `requested` (CPU is always the last
   * resort). Throws `EngineError('model-missing' | 'model-invalid')` when not even CPU can load it.
   */
  static async open(
    thread: OrtThread,
    modelPath: string,
    requested: readonly ExecutionProvider[],
    options: OpenSessionOptions = {},
  ): Promise<OnnxSession> {
    const started = performance.now();
    if (!(await isFile(modelPath))) throw missingError(modelPath);
    const reasons: string[] = [];
    for (const step of planProviders(requested, options.platform)) {
      if (!('provider' in step)) {
        reasons.push(`${step.skipped}: ${step.reason}`);
        continue;
      }
      const provider = step.provider;
      try {
        const created = await thread.createSession(modelPath, sessionOptionsFor(provider, options.cpuCount));
        const fallbackReason = reasons.length > 0 ? reasons.join('; ') : undefined;
        return new OnnxSession(
          thread,
          created.generation,
          created.sessionId,
          modelPath,
          created.inputs,
          created.outputs,
          provider,
          fallbackReason,
          Math.round(performance.now() - started),
        );
      } catch (error) {
        if (error instanceof OrtThreadLostError) throw new EngineError('engine-failed', error.message);
        const message = error instanceof Error ? error.message : String(error);
        if (provider === 'cpu') throw loadError(modelPath, message);
        reasons.push(`${provider}: ${firstLine(message)}`);
      }
    }
    throw loadError(modelPath, reasons.join('; '));
  }

  /** False once released, or when the onnxruntime thread it lived on has stopped. */
  get alive(): boolean {
    return !this.released && this.thread.running && this.thread.generation === this.generation;
  }

  input(name: string): ValueInfo | undefined {
    return this.inputs.find((input) => input.name === name);
  }

  get inputNames(): string[] {
    return this.inputs.map((input) => input.name);
  }

  get outputNames(): string[] {
    return this.outputs.map((output) => output.name);
  }

  /** The thread and generation this session lives in (resident states must be made in the same one). */
  get home(): { thread: OrtThread; generation: number } {
    return { thread: this.thread, generation: this.generation };
  }

  async run(feeds: Record<string, TensorPayload>, state?: StateRun): Promise<Record<string, TensorPayload>> {
    if (this.released)
      throw new EngineError('engine-failed', `the session for ${path.basename(this.modelPath)} was unloaded`);
    const result = await this.thread.run(
      this.generation,
      this.sessionId,
      feeds,
      runOptionsFor(this.provider),
      state,
    );
    this.lastRunMs = result.runMs;
    return result.outputs;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.thread.release(this.generation, this.sessionId);
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await fs.stat(filePath)).isFile();
  } catch {
    return false;
  }
}

function missingError(modelPath: string): EngineError {
  return new EngineError(
    'model-missing',
    `model file ${path.basename(modelPath)} is missing (${modelPath}); re-import the model pack`,
  );
}

function loadError(modelPath: string, message: string): EngineError {
  const name = path.basename(modelPath);
  if (/no such file|doesn't exist|does not exist|ENOENT/i.test(message)) return missingError(modelPath);
  return new EngineError(
    'model-invalid',
    `onnxruntime could not load ${name}: ${firstLine(message)}. The file may be damaged or not an ONNX model; run \`roundtable models verify\` and re-import the pack`,
  );
}
