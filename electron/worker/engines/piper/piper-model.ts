/** A loaded Piper voice: session and voice config, kept in the shared model cache. */
import fs from 'node:fs/promises';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import {
  MODEL_FILE,
  PIPER_CONFIG_FILE,
  estimateResidentBytes,
  readPackText,
  requiredFile,
} from '../onnx/model-files';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import type { OnnxSession } from '../onnx/onnx-session';
import { loadResultOf, openModelSession } from '../onnx/open-model-session';
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
    const { session, contract } = await openModelSession(runtime, spec, modelPath, 'a Piper voice', (s) =>
      readPiperContract(s.inputs, s.outputs, config.num_speakers),
    );
    const loadResult = loadResultOf(spec, session, started);
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

export function readPiperConfig(spec: ModelSpec): Promise<PiperConfig> {
  return readPackText(spec, PIPER_CONFIG_FILE, 'voice config (.onnx.json)', parsePiperConfig);
}
