/** A loaded Kokoro model pack: session, vocabulary and voices, kept in the shared model cache. */
import fs from 'node:fs/promises';
import type { LoadResult, ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import {
  KOKORO_VOCAB_FILE,
  KOKORO_VOICES_ARCHIVE,
  KOKORO_VOICE_PREFIX,
  MODEL_FILE,
  estimateResidentBytes,
  readPackFile,
  readPackText,
  requiredFile,
} from '../onnx/model-files';
import type { OnnxSession } from '../onnx/onnx-session';
import type { OnnxModel, OnnxRuntime } from '../onnx/onnx-runtime';
import { loadResultOf, openModelSession } from '../onnx/open-model-session';
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
    const { session, contract } = await openModelSession(runtime, spec, modelPath, 'a Kokoro model', (s) =>
      readKokoroContract(s.inputs, s.outputs),
    );
    let voiceBytes = 0;
    for (const voice of voices.values()) voiceBytes += voice.data.byteLength;
    const modelBytes = (await fs.stat(modelPath)).size;
    const loadResult = loadResultOf(spec, session, started);
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

function readVocab(spec: ModelSpec): Promise<KokoroVocab> {
  return readPackText(
    spec,
    KOKORO_VOCAB_FILE,
    'phoneme vocabulary (tokenizer.json or config.json)',
    parseKokoroVocab,
  );
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
