/** A loaded Kokoro model pack: session, vocabulary and voices, kept in the shared model cache. */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import {
  KOKORO_VOCAB_FILE,
  KOKORO_VOICES_ARCHIVE,
  KOKORO_VOICE_PREFIX,
  MODEL_FILE,
  estimateResidentBytes,
  requiredFile,
} from '../onnx/model-files';
import type { OnnxSession } from '../onnx/onnx-session';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import type { KokoroContract } from './kokoro-contract';
import { readKokoroContract } from './kokoro-contract';
import type { KokoroVocab } from './kokoro-vocab';
import { parseKokoroVocab } from './kokoro-vocab';
import type { KokoroVoiceTable } from './kokoro-voices';
import { npzVoiceIds, voiceFromRaw, voicesFromNpz } from './kokoro-voices';

export const KOKORO_ENGINE_ID = 'kokoro';

export class KokoroModel implements OnnxModel {
  readonly engine = KOKORO_ENGINE_ID;

  private constructor(
    readonly id: string,
    readonly bytes: number,
    readonly session: OnnxSession,
    readonly contract: KokoroContract,
    readonly vocab: KokoroVocab,
    readonly voices: ReadonlyMap<string, KokoroVoiceTable>,
    readonly loadResult: LoadResult,
  ) {}

  static async load(spec: ModelSpec, runtime: OnnxRuntime): Promise<KokoroModel> {
    const started = performance.now();
    const modelPath = requiredFile(spec.files, MODEL_FILE, 'ONNX model', spec.id);
    const vocab = await readVocab(spec);
    const voices = await readVoices(spec);
    const session = await runtime.openSession(modelPath, spec.providers);
    const contract = readKokoroContract(session.inputs, session.outputs);
    if (typeof contract === 'string') {
      await session.release();
      throw new EngineError(
        'model-invalid',
        `${path.basename(modelPath)} is not a Kokoro model: ${contract}`,
      );
    }
    let voiceBytes = 0;
    for (const voice of voices.values()) voiceBytes += voice.data.byteLength;
    const modelBytes = (await fs.stat(modelPath)).size;
    const loadResult: LoadResult = {
      modelId: spec.id,
      provider: session.provider,
      loadMs: Math.round(performance.now() - started),
      ...(session.fallbackReason ? { fallbackReason: session.fallbackReason } : {}),
    };
    return new KokoroModel(
      spec.id,
      estimateResidentBytes(modelBytes, voiceBytes),
      session,
      contract,
      vocab,
      voices,
      loadResult,
    );
  }

  isAlive(): boolean {
    return this.session.alive;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Voice ids of a pack without loading it (raw voice keys, or the members of the .npz archive). */
export async function kokoroVoiceIds(spec: ModelSpec): Promise<string[]> {
  const ids = Object.keys(spec.files)
    .filter((key) => key.startsWith(KOKORO_VOICE_PREFIX))
    .map((key) => key.slice(KOKORO_VOICE_PREFIX.length));
  const archive = spec.files[KOKORO_VOICES_ARCHIVE];
  if (archive !== undefined) ids.push(...npzVoiceIds(await readPackFile(archive, spec.id)));
  return ids.sort();
}

async function readVocab(spec: ModelSpec): Promise<KokoroVocab> {
  const file = requiredFile(
    spec.files,
    KOKORO_VOCAB_FILE,
    'phoneme vocabulary (tokenizer.json or config.json)',
    spec.id,
  );
  const text = (await readPackFile(file, spec.id)).toString('utf8');
  try {
    return parseKokoroVocab(text, path.basename(file));
  } catch (error) {
    throw new EngineError('model-invalid', `${(error as Error).message}; re-import the pack`);
  }
}

async function readVoices(spec: ModelSpec): Promise<Map<string, KokoroVoiceTable>> {
  const voices = new Map<string, KokoroVoiceTable>();
  try {
    const archive = spec.files[KOKORO_VOICES_ARCHIVE];
    if (archive !== undefined) {
      for (const voice of voicesFromNpz(await readPackFile(archive, spec.id), archive))
        voices.set(voice.id, voice);
    }
    for (const [key, file] of Object.entries(spec.files)) {
      if (!key.startsWith(KOKORO_VOICE_PREFIX)) continue;
      const id = key.slice(KOKORO_VOICE_PREFIX.length);
      voices.set(id, voiceFromRaw(id, await readPackFile(file, spec.id), file));
    }
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError(
      'model-invalid',
      `Kokoro pack "${spec.id}": ${(error as Error).message}; re-import the pack`,
    );
  }
  if (voices.size === 0)
    throw new EngineError('model-invalid', `Kokoro pack "${spec.id}" has no voices; re-import the pack`);
  return voices;
}

async function readPackFile(file: string, modelId: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new EngineError(
        'model-missing',
        `${path.basename(file)} of model pack "${modelId}" is missing (${file}); re-import the pack`,
      );
    }
    throw error;
  }
}
