/**
 * A voice's conditioning for Pocket TTS: a reference clip (or a pack's sample) encoded by `mimi_encoder`
 * once, cached in memory and on disk (`<voiceCacheDir>/<model hash>/<clip sha256>.emb`, so a clip is not
 * encoded again after a restart), then prompted into `flow_lm_main` once per loaded model; that state
 * stays on the onnxruntime thread and every chunk starts from a copy of it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelSpec, SynthesizeRequest } from '../../../../shared/protocol/worker-protocol';
import { EngineError } from '../engine';
import { writeVoiceCacheFile } from '../voice-cache-file';
import { float32Tensor } from '../onnx/tensor-payload';
import { readClipWav } from './clip-wav';
import { POCKET_LATENT_DIM, POCKET_SAMPLE_RATE } from './pocket-contract';
import type { PocketModel } from './pocket-model';
import { POCKET_VOICE_PREFIX } from './pocket-model';

export interface Conditioning {
  rows: number;
  width: number;
  data: Float32Array;
}

/** Which audio a request's voice comes from: its reference clip, else a voice file of the pack. */
export interface VoiceSource {
  /** Stable name of the audio: the clip's sha256, or `voice:<id>` of the pack. */
  key: string;
  file: string;
}

export function voiceSourceOf(request: SynthesizeRequest, spec: ModelSpec): VoiceSource {
  if (request.reference) return { key: request.reference.sha256, file: request.reference.path };
  const file = spec.files[`${POCKET_VOICE_PREFIX}${request.voice}`];
  if (!file) {
    const known = Object.keys(spec.files)
      .filter((key) => key.startsWith(POCKET_VOICE_PREFIX))
      .map((key) => key.slice(POCKET_VOICE_PREFIX.length));
    throw new EngineError(
      'unknown-voice',
      `Pocket TTS pack "${spec.id}" has no voice "${request.voice}" (voices: ${known.join(', ') || 'none'}); give the speaker a voice from a clip`,
    );
  }
  return { key: `voice:${request.voice}`, file };
}

const MAGIC = 0x504b_5443; // "PKTC"

export class PocketVoices {
  private readonly encoded = new Map<string, Conditioning>();
  /** How many times a clip went through `mimi_encoder` (for tests and logs). */
  encodeCount = 0;

  /** The prompted state of `source` for this model, made now if it is the first time. */
  async promptedState(model: PocketModel, spec: ModelSpec, source: VoiceSource): Promise<number> {
    const key = `${source.key}`;
    const known = model.voiceState(key);
    if (known !== undefined) return known;
    const conditioning = await this.conditioning(model, spec, source);
    const { thread, generation } = model.session.home;
    const stateId = await thread.createState(generation, model.mainState);
    try {
      const prompt = withBos(conditioning, model);
      await model.sessions.flow_lm_main.run(
        {
          sequence: float32Tensor(new Float32Array(0), [1, 0, POCKET_LATENT_DIM]),
          text_embeddings: float32Tensor(prompt.data, [1, prompt.rows, prompt.width]),
        },
        { stateId, carry: model.contract.main.carry },
      );
    } catch (error) {
      await thread.releaseState(generation, stateId);
      throw error;
    }
    model.rememberVoiceState(key, stateId);
    return stateId;
  }

  private async conditioning(
    model: PocketModel,
    spec: ModelSpec,
    source: VoiceSource,
  ): Promise<Conditioning> {
    const cacheKey = `${spec.contentHash ?? spec.id}:${source.key}`;
    const inMemory = this.encoded.get(cacheKey);
    if (inMemory) return inMemory;
    const diskFile = spec.voiceCacheDir
      ? path.join(spec.voiceCacheDir, safeName(spec.contentHash ?? spec.id), `${safeName(source.key)}.emb`)
      : undefined;
    const fromDisk = diskFile ? await readCached(diskFile) : undefined;
    const conditioning = fromDisk ?? (await this.encode(model, source));
    if (diskFile && !fromDisk) await writeCached(diskFile, conditioning).catch(() => undefined);
    this.encoded.set(cacheKey, conditioning);
    return conditioning;
  }

  private async encode(model: PocketModel, source: VoiceSource): Promise<Conditioning> {
    const audio = await readClipWav(source.file, POCKET_SAMPLE_RATE);
    this.encodeCount += 1;
    const outputs = await model.sessions.mimi_encoder.run({
      audio: float32Tensor(audio, [1, 1, audio.length]),
    });
    const output = outputs[model.contract.mimiEncoder.output];
    if (!output || output.type !== 'float32' || output.dims.length < 2)
      throw new EngineError('engine-failed', 'mimi_encoder gave no voice conditioning');
    const width = output.dims.at(-1) ?? 0;
    const data = output.data as Float32Array;
    if (width === 0 || data.length === 0 || data.some((value) => !Number.isFinite(value)))
      throw new EngineError('engine-failed', 'mimi_encoder gave an empty or non-finite voice conditioning');
    return { rows: data.length / width, width, data };
  }
}

function withBos(conditioning: Conditioning, model: PocketModel): Conditioning {
  const bos = model.bos;
  if (!model.bundle.insert_bos_before_voice || !bos) return conditioning;
  const data = new Float32Array(bos.length + conditioning.data.length);
  data.set(bos, 0);
  data.set(conditioning.data, bos.length);
  return { rows: data.length / conditioning.width, width: conditioning.width, data };
}

function safeName(raw: string): string {
  return raw.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
}

async function readCached(file: string): Promise<Conditioning | undefined> {
  const bytes = await fs.readFile(file).catch(() => undefined);
  if (!bytes || bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC) return undefined;
  const rows = bytes.readUInt32LE(4);
  const width = bytes.readUInt32LE(8);
  if (bytes.length !== 12 + rows * width * 4 || rows === 0 || width === 0) return undefined;
  const data = new Float32Array(rows * width);
  for (let i = 0; i < data.length; i++) data[i] = bytes.readFloatLE(12 + i * 4);
  return { rows, width, data };
}

async function writeCached(file: string, conditioning: Conditioning): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const bytes = Buffer.alloc(12 + conditioning.data.length * 4);
  bytes.writeUInt32LE(MAGIC, 0);
  bytes.writeUInt32LE(conditioning.rows, 4);
  bytes.writeUInt32LE(conditioning.width, 8);
  conditioning.data.forEach((value, i) => bytes.writeFloatLE(value, 12 + i * 4));
  await writeVoiceCacheFile(file, bytes);
}
