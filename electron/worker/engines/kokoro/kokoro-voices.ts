/**
 * Kokoro voices: per voice a table of style vectors, one 256-float row per input length (510 rows in the
 * published voices). Two distributed layouts: one raw little-endian float32 `.bin` per voice (shape
 * [510,1,256], onnx-community/Kokoro-82M-v1.0-ONNX `voices/*.bin`), or one NumPy `.npz` archive of
 * `<voice>.npy` arrays (kokoro-onnx's `voices-v1.0.bin`).
 */
import path from 'node:path';
import { parseNpy } from './npy-array';
import { extractZipEntry, isZip, readZipEntries } from './zip-archive';

export const KOKORO_STYLE_DIM = 256;
const ROW_BYTES = KOKORO_STYLE_DIM * 4;

export interface KokoroVoiceTable {
  id: string;
  rows: number;
  /** rows × 256 style values. */
  data: Float32Array;
}

export class KokoroVoiceFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${path.basename(file)}: ${message}`);
    this.name = 'KokoroVoiceFormatError';
  }
}

/** A raw `.bin` voice: float32 little-endian, a whole number of 256-value rows. */
export function voiceFromRaw(id: string, bytes: Buffer, file = `${id}.bin`): KokoroVoiceTable {
  if (isZip(bytes)) throw new KokoroVoiceFormatError(file, 'is a zip (.npz) archive, not a single raw voice');
  if (bytes.length === 0 || bytes.length % ROW_BYTES !== 0) {
    throw new KokoroVoiceFormatError(
      file,
      `${bytes.length} bytes is not a whole number of 256-float style rows`,
    );
  }
  const data = new Float32Array(bytes.length / 4);
  new Uint8Array(data.buffer).set(bytes);
  checkFinite(data, file);
  return { id, rows: bytes.length / ROW_BYTES, data };
}

/** A style value that is NaN or infinite makes every turn of the voice NaN: refused where it is read. */
function checkFinite(data: Float32Array, file: string, entry = ''): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as number;
    if (Number.isFinite(value)) continue;
    throw new KokoroVoiceFormatError(
      file,
      `${entry ? `${entry}: ` : ''}style value ${i} (row ${Math.floor(i / KOKORO_STYLE_DIM)}, column ${i % KOKORO_STYLE_DIM}) is ${value}; a voice holds only finite numbers`,
    );
  }
}

/** Every `<voice>.npy` of an `.npz` archive, shape [rows,1,256] or [rows,256]. */
export function voicesFromNpz(bytes: Buffer, file = 'voices.npz'): KokoroVoiceTable[] {
  if (!isZip(bytes)) throw new KokoroVoiceFormatError(file, 'is not an .npz (zip) voice archive');
  const voices: KokoroVoiceTable[] = [];
  try {
    for (const entry of readZipEntries(bytes)) {
      if (!entry.name.endsWith('.npy')) continue;
      const id = entry.name.slice(0, -4).split('/').pop() ?? entry.name;
      const array = parseNpy(extractZipEntry(bytes, entry));
      const last = array.shape[array.shape.length - 1];
      const middle = array.shape.length === 3 ? array.shape[1] : 1;
      if (last !== KOKORO_STYLE_DIM || middle !== 1 || array.shape.length < 2) {
        throw new Error(`${entry.name} has shape [${array.shape}], expected [rows,1,256]`);
      }
      checkFinite(array.data, file, entry.name);
      voices.push({ id, rows: array.shape[0] ?? 0, data: array.data });
    }
  } catch (error) {
    if (error instanceof KokoroVoiceFormatError) throw error;
    throw new KokoroVoiceFormatError(file, error instanceof Error ? error.message : String(error));
  }
  if (voices.length === 0) throw new KokoroVoiceFormatError(file, 'holds no .npy voices');
  return voices;
}

/** Names of the voices in an `.npz` archive without decoding them. */
export function npzVoiceIds(bytes: Buffer): string[] {
  return readZipEntries(bytes)
    .filter((entry) => entry.name.endsWith('.npy'))
    .map((entry) => entry.name.slice(0, -4).split('/').pop() ?? entry.name);
}

/**
 * The style vector for an input of `tokenCount` phoneme tokens (pads not counted): row `tokenCount`,
 * clamped to the table (row 509 for the published 510-row voices), as kokoro-js and kokoro-onnx pick it.
 */
export function styleRow(voice: KokoroVoiceTable, tokenCount: number): Float32Array {
  const row = Math.max(0, Math.min(tokenCount, voice.rows - 1));
  return voice.data.slice(row * KOKORO_STYLE_DIM, (row + 1) * KOKORO_STYLE_DIM);
}
