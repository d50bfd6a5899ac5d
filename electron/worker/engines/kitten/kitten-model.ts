/** A loaded Kitten TTS pack: session, config (aliases, speed priors) and voices, kept in the shared model cache. */
import fs from 'node:fs/promises';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import type { KokoroVoiceTable } from '../kokoro/kokoro-voices';
import { voicesFromNpz } from '../kokoro/kokoro-voices';
import {
  KOKORO_VOICES_ARCHIVE,
  MODEL_FILE,
  PIPER_CONFIG_FILE,
  estimateResidentBytes,
  readPackFile,
  readPackText,
  requiredFile,
} from '../onnx/model-files';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import type { OnnxSession } from '../onnx/onnx-session';
import { loadResultOf, openModelSession } from '../onnx/open-model-session';
import type { KittenConfig } from './kitten-config';
import { parseKittenConfig } from './kitten-config';
import type { KittenContract } from './kitten-contract';
import { readKittenContract } from './kitten-contract';
import { KITTEN_ENGINE_ID } from './kitten-voice-info';

/** `ModelSpec.files` keys of a Kitten pack: the graph, `config.json`, and the `.npz` voices. */
export const KITTEN_FILES = { model: MODEL_FILE, config: PIPER_CONFIG_FILE, voices: KOKORO_VOICES_ARCHIVE };

export class KittenModel implements OnnxModel {
  readonly engine = KITTEN_ENGINE_ID;

  private constructor(
    readonly id: string,
    readonly bytes: number,
    readonly session: OnnxSession,
    readonly contract: KittenContract,
    readonly config: KittenConfig,
    readonly voices: ReadonlyMap<string, KokoroVoiceTable>,
    readonly loadResult: LoadResult,
  ) {}

  static async load(spec: ModelSpec, runtime: OnnxRuntime): Promise<KittenModel> {
    const started = performance.now();
    const modelPath = requiredFile(spec.files, KITTEN_FILES.model, 'ONNX model', spec.id);
    const config = await readPackText(spec, KITTEN_FILES.config, 'config.json', parseKittenConfig);
    const voices = await readKittenVoices(spec);
    const { session, contract } = await openModelSession(
      runtime,
      spec,
      modelPath,
      'a Kitten TTS model',
      (s) => readKittenContract(s.inputs, s.outputs),
    );
    let voiceBytes = 0;
    for (const voice of voices.values()) voiceBytes += voice.data.byteLength;
    const modelBytes = (await fs.stat(modelPath)).size;
    return new KittenModel(
      spec.id,
      estimateResidentBytes(modelBytes, voiceBytes),
      session,
      contract,
      config,
      voices,
      loadResultOf(spec, session, started),
    );
  }

  isAlive(): boolean {
    return this.session.alive;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Every voice of the pack's `.npz` (one `<key>.npy` per voice, [rows,256] float32). */
export async function readKittenVoices(spec: ModelSpec): Promise<Map<string, KokoroVoiceTable>> {
  const file = requiredFile(spec.files, KITTEN_FILES.voices, 'voices (.npz)', spec.id);
  const bytes = await readPackFile(file, spec.id);
  try {
    return new Map(voicesFromNpz(bytes, file).map((voice) => [voice.id, voice]));
  } catch (error) {
    throw new EngineError(
      'model-invalid',
      `Kitten pack "${spec.id}": ${(error as Error).message}; re-import the pack`,
    );
  }
}
