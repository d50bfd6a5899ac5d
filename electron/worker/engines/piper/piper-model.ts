/** A loaded Piper voice: session and voice config, kept in the shared model cache. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import { MODEL_FILE, PIPER_CONFIG_FILE, estimateResidentBytes, requiredFile } from '../onnx/model-files';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import type { OnnxSession } from '../onnx/onnx-session';
import type { PiperConfig, PiperSpeaker } from './piper-config';
import { parsePiperConfig, piperSpeakers } from './piper-config';
import type { PiperContract } from './piper-contract';
import { readPiperContract } from './piper-contract';

export const PIPER_ENGINE_ID = 'piper';

export class PiperModel implements OnnxModel {
  readonly engine = PIPER_ENGINE_ID;
  readonly speakers: PiperSpeaker[];

  private constructor(
    readonly id: string,
    readonly bytes: number,
    readonly session: OnnxSession,
    readonly contract: PiperContract,
    readonly config: PiperConfig,
    readonly loadResult: LoadResult,
  ) {
    this.speakers = piperSpeakers(config);
  }

  static async load(spec: ModelSpec, runtime: OnnxRuntime): Promise<PiperModel> {
    const started = performance.now();
    const modelPath = requiredFile(spec.files, MODEL_FILE, 'ONNX model', spec.id);
    const config = await readPiperConfig(spec);
    const session = await runtime.openSession(modelPath, spec.providers);
    const contract = readPiperContract(session.inputs, session.outputs, config.num_speakers);
    if (typeof contract === 'string') {
      await session.release();
      throw new EngineError('model-invalid', `${path.basename(modelPath)} is not a Piper voice: ${contract}`);
    }
    const loadResult: LoadResult = {
      modelId: spec.id,
      provider: session.provider,
      loadMs: Math.round(performance.now() - started),
      ...(session.fallbackReason ? { fallbackReason: session.fallbackReason } : {}),
    };
    const bytes = estimateResidentBytes((await fs.stat(modelPath)).size);
    return new PiperModel(spec.id, bytes, session, contract, config, loadResult);
  }

  isAlive(): boolean {
    return this.session.alive;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

export async function readPiperConfig(spec: ModelSpec): Promise<PiperConfig> {
  const file = requiredFile(spec.files, PIPER_CONFIG_FILE, 'voice config (.onnx.json)', spec.id);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EngineError(
        'model-missing',
        `${path.basename(file)} of model pack "${spec.id}" is missing (${file}); re-import the pack`,
      );
    }
    throw error;
  }
  try {
    return parsePiperConfig(text, path.basename(file));
  } catch (error) {
    throw new EngineError('model-invalid', `${(error as Error).message}; re-import the pack`);
  }
}
