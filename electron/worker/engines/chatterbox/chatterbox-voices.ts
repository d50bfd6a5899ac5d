/**
 * A voice's conditioning for Chatterbox Turbo: a reference clip (or a WAV of the pack) through
 * `speech_encoder` once, kept in memory and on disk (`<voiceCacheDir>/<model hash>/<clip sha256>.cbx`,
 * so a clip is not encoded again after a restart): the language model's prompt (`audio_features`), the
 * clip's speech tokens and the two speaker tensors the decoder takes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelSpec, SynthesizeRequest } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import { writeVoiceCacheFile } from '../voice-cache-file';
import { float32Tensor } from '../onnx/tensor-payload';
import type { TensorPayload } from '../onnx/tensor-payload';
import { readClipWav } from '../pocket/clip-wav';
import { CHATTERBOX_SAMPLE_RATE } from './chatterbox-contract';
import type { ChatterboxModel } from './chatterbox-model';

/** Prefix of a pack's own voices in `ModelSpec.files` (WAVs in the folder, e.g. a default voice). */
export const CHATTERBOX_VOICE_PREFIX = 'voice:';
const NAMES = ['audio_features', 'audio_tokens', 'speaker_embeddings', 'speaker_features'] as const;
type VoiceTensor = (typeof NAMES)[number];
export type ChatterboxVoice = Record<VoiceTensor, TensorPayload>;

export interface VoiceSource {
  /** Stable name of the audio: the clip's sha256, or `voice:<id>` of the pack. */
  key: string;
  file: string;
}

export function voiceSourceOf(request: SynthesizeRequest, spec: ModelSpec): VoiceSource {
  if (request.reference) return { key: request.reference.sha256, file: request.reference.path };
  const file = spec.files[`${CHATTERBOX_VOICE_PREFIX}${request.voice}`];
  if (!file)
    throw new EngineError(
      'unknown-voice',
      `Chatterbox Turbo speaks only in a voice from a clip, and pack "${spec.id}" has no voice "${request.voice}": give the speaker a voice from a clip (--voice-clip, or "Voice from a clip…" in the studio)`,
    );
  return { key: `voice:${request.voice}`, file };
}

const MAGIC = 0x4342_5856; // "CBXV"

export class ChatterboxVoices {
  private readonly encoded = new Map<string, ChatterboxVoice>();
  /** How many times a clip went through `speech_encoder` (for tests and logs). */
  encodeCount = 0;

  async voice(model: ChatterboxModel, spec: ModelSpec, source: VoiceSource): Promise<ChatterboxVoice> {
    const cacheKey = `${spec.contentHash ?? spec.id}:${source.key}`;
    const inMemory = this.encoded.get(cacheKey);
    if (inMemory) return inMemory;
    const diskFile = spec.voiceCacheDir
      ? path.join(spec.voiceCacheDir, safeName(spec.contentHash ?? spec.id), `${safeName(source.key)}.cbx`)
      : undefined;
    const fromDisk = diskFile ? await readCached(diskFile) : undefined;
    const voice = fromDisk ?? (await this.encode(model, source));
    if (diskFile && !fromDisk) await writeCached(diskFile, voice).catch(() => undefined);
    this.encoded.set(cacheKey, voice);
    return voice;
  }

  private async encode(model: ChatterboxModel, source: VoiceSource): Promise<ChatterboxVoice> {
    const audio = await readClipWav(source.file, CHATTERBOX_SAMPLE_RATE);
    this.encodeCount += 1;
    const outputs = await model.sessions.speech_encoder.run({
      audio_values: float32Tensor(audio, [1, audio.length]),
    });
    const voice: Partial<ChatterboxVoice> = {};
    for (const name of NAMES) {
      const tensor = outputs[name];
      const expected = name === 'audio_tokens' ? 'int64' : 'float32';
      if (!tensor || tensor.type !== expected || tensor.data.length === 0)
        throw new EngineError('engine-failed', `speech_encoder gave no ${expected} ${name} for the clip`);
      if (tensor.data instanceof Float32Array && tensor.data.some((value) => !Number.isFinite(value)))
        throw new EngineError('engine-failed', `speech_encoder gave a non-finite ${name} for the clip`);
      voice[name] = tensor;
    }
    return voice as ChatterboxVoice;
  }
}

function safeName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
}

/** `CBXV`, then per tensor (in NAMES order): rank, dims (uint32 each), raw little-endian data. */
async function readCached(file: string): Promise<ChatterboxVoice | undefined> {
  const bytes = await fs.readFile(file).catch(() => undefined);
  if (!bytes || bytes.length < 4 || bytes.readUInt32LE(0) !== MAGIC) return undefined;
  let offset = 4;
  const voice: Partial<ChatterboxVoice> = {};
  for (const name of NAMES) {
    if (offset + 4 > bytes.length) return undefined;
    const rank = bytes.readUInt32LE(offset);
    offset += 4;
    if (rank > 4 || offset + rank * 4 > bytes.length) return undefined;
    const dims: number[] = [];
    for (let i = 0; i < rank; i++) dims.push(bytes.readUInt32LE(offset + i * 4));
    offset += rank * 4;
    const count = dims.reduce((a, b) => a * b, 1);
    const size = count * (name === 'audio_tokens' ? 8 : 4);
    if (count === 0 || offset + size > bytes.length) return undefined;
    const raw = new Uint8Array(size);
    raw.set(bytes.subarray(offset, offset + size));
    offset += size;
    voice[name] =
      name === 'audio_tokens'
        ? { type: 'int64', data: new BigInt64Array(raw.buffer), dims }
        : { type: 'float32', data: new Float32Array(raw.buffer), dims };
  }
  return offset === bytes.length ? (voice as ChatterboxVoice) : undefined;
}

async function writeCached(file: string, voice: ChatterboxVoice): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const parts: Buffer[] = [Buffer.alloc(4)];
  (parts[0] as Buffer).writeUInt32LE(MAGIC, 0);
  for (const name of NAMES) {
    const tensor = voice[name];
    const head = Buffer.alloc(4 + tensor.dims.length * 4);
    head.writeUInt32LE(tensor.dims.length, 0);
    tensor.dims.forEach((dim, i) => head.writeUInt32LE(dim, 4 + i * 4));
    parts.push(head, Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
  }
  await writeVoiceCacheFile(file, Buffer.concat(parts));
}
