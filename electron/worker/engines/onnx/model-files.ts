/**
 * Keys of `ModelSpec.files` for the ONNX engines (values are absolute paths). The host's model packs write
 * them from their manifests; the engines read them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelSpec } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';

/** The .onnx graph (the main one, for engines with several). */
export const MODEL_FILE = 'model';
/** Piper: the `<name>.onnx.json` voice config. */
export const PIPER_CONFIG_FILE = 'config';
/** Kokoro: the phoneme vocabulary (`tokenizer.json`, `config.json` with `vocab`, or `tokens.txt`). */
export const KOKORO_VOCAB_FILE = 'vocab';
/** Kokoro: a single `.npz` archive holding every voice (kokoro-onnx's `voices-v1.0.bin`). */
export const KOKORO_VOICES_ARCHIVE = 'voices';
/** Supertonic: prefix of its further graphs, e.g. `graph:vocoder` (the vector estimator is `model`). */
export const GRAPH_PREFIX = 'graph:';
/** Kokoro: prefix of one raw float32 `.bin` voice file per key, e.g. `voice:af_heart`. */
export const KOKORO_VOICE_PREFIX = 'voice:';

/** The path of a required file, or `model-missing` naming what the pack lacks. */
export function requiredFile(
  files: Record<string, string>,
  key: string,
  what: string,
  modelId: string,
): string {
  const file = files[key];
  if (file === undefined)
    throw new EngineError('model-missing', `model pack "${modelId}" lists no ${what}; re-import the pack`);
  return file;
}

/** The bytes of a pack's file, or `model-missing` naming the file when it is gone. */
export async function readPackFile(file: string, modelId: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new EngineError(
        'model-missing',
        `${path.basename(file)} of model pack "${modelId}" is missing (${file}); re-import the pack`,
      );
    }
    if (code === 'ERR_FS_FILE_TOO_LARGE') {
      // Node reads at most 2 GiB into one buffer; its own message names no file.
      throw new EngineError(
        'model-invalid',
        `${path.basename(file)} of model pack "${modelId}" is larger than the 2 GiB a file can be read in one piece (${file}); re-import the pack`,
      );
    }
    throw error;
  }
}

/**
 * A required text file of a pack (`key`, described as `what` when the pack lacks it), parsed; what the
 * parser refuses becomes `model-invalid`.
 */
export async function readPackText<T>(
  spec: ModelSpec,
  key: string,
  what: string,
  parse: (text: string, fileName: string) => T,
): Promise<T> {
  const file = requiredFile(spec.files, key, what, spec.id);
  const text = (await readPackFile(file, spec.id)).toString('utf8');
  try {
    return parse(text, path.basename(file));
  } catch (error) {
    throw new EngineError('model-invalid', `${(error as Error).message}; re-import the pack`);
  }
}

/**
 * Resident memory a loaded ONNX model needs, estimated from its files before anything is measured: the
 * weights once as file bytes plus as much again for runtime buffers (activations grow with the chunk),
 * the engine's side data (voices), and a fixed runtime overhead.
 */
export function estimateResidentBytes(modelFileBytes: number, sideDataBytes = 0): number {
  const RUNTIME_OVERHEAD = 64 * 1024 * 1024;
  return Math.round(modelFileBytes * 2 + sideDataBytes + RUNTIME_OVERHEAD);
}

/** {@link estimateResidentBytes} from the sizes of a pack's files (missing files count as empty). */
export async function estimateSpecBytes(spec: ModelSpec): Promise<number> {
  let modelBytes = 0;
  let sideBytes = 0;
  for (const [key, file] of Object.entries(spec.files)) {
    const size = await fs.stat(file).then(
      (stat) => stat.size,
      () => 0,
    );
    if (key === MODEL_FILE || key.startsWith(GRAPH_PREFIX)) modelBytes += size;
    else sideBytes += size;
  }
  return estimateResidentBytes(modelBytes, sideBytes);
}
