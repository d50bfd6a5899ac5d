/**
 * Streaming WAV reader: parses the RIFF chunks, then yields interleaved Float32Array blocks of a bounded
 * size. Handles 16/24/32-bit integer and 32-bit float PCM (also inside WAVE_FORMAT_EXTENSIBLE), mono
 * or stereo.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import {
  AudioArgumentError,
  AudioClosedError,
  NotWavError,
  TruncatedWavError,
  UnsupportedWavError,
} from './audio-errors';
import { WAVE_FORMAT_EXTENSIBLE, WAVE_FORMAT_IEEE_FLOAT, WAVE_FORMAT_PCM } from './wav-format';

export type WavSampleFormat = 'pcm16' | 'pcm24' | 'pcm32' | 'float32';

export interface WavInfo {
  sampleRate: number;
  channels: 1 | 2;
  bitsPerSample: number;
  sampleFormat: WavSampleFormat;
  /** Whole sample frames in the data chunk. */
  durationSamples: number;
  /** Byte offset of the first sample and byte length of the sample data (whole frames). */
  dataOffset: number;
  dataBytes: number;
}

const DEFAULT_BLOCK_FRAMES = 1 << 15;
/** Streaming writers that cannot seek back leave this as the data size: the audio runs to the end. */
const UNKNOWN_SIZE = 0xffff_ffff;

export class WavReader {
  readonly path: string;
  readonly info: WavInfo;
  private handle: FileHandle | null;

  private constructor(path: string, handle: FileHandle, info: WavInfo) {
    this.path = path;
    this.handle = handle;
    this.info = info;
  }

  static async open(path: string): Promise<WavReader> {
    const handle = await open(path, 'r');
    try {
      const info = await parseWavHeader(handle, path);
      return new WavReader(path, handle, info);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * Interleaved float blocks of at most `framesPerBlock` frames, in order, from frame `startFrame`.
   * Every yielded array is new: the consumer may keep it.
   */
  async *blocks(framesPerBlock = DEFAULT_BLOCK_FRAMES, startFrame = 0): AsyncGenerator<Float32Array> {
    if (!Number.isInteger(framesPerBlock) || framesPerBlock < 1) {
      throw new AudioArgumentError(`framesPerBlock must be a positive integer; got ${framesPerBlock}.`);
    }
    const { channels, bitsPerSample, dataOffset, durationSamples, sampleFormat } = this.info;
    const bytesPerSample = bitsPerSample / 8;
    const bytesPerFrame = bytesPerSample * channels;
    const buffer = Buffer.alloc(framesPerBlock * bytesPerFrame);
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    for (let frame = Math.max(0, startFrame); frame < durationSamples; frame += framesPerBlock) {
      const frames = Math.min(framesPerBlock, durationSamples - frame);
      const byteCount = frames * bytesPerFrame;
      await this.readExactly(buffer, byteCount, dataOffset + frame * bytesPerFrame);
      const out = new Float32Array(frames * channels);
      decodeSamples(view, sampleFormat, out);
      yield out;
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    if (handle !== null) await handle.close();
  }

  private async readExactly(buffer: Buffer, byteCount: number, position: number): Promise<void> {
    if (this.handle === null) throw new AudioClosedError(`The WAV reader for ${this.path}`);
    let done = 0;
    while (done < byteCount) {
      const { bytesRead } = await this.handle.read(buffer, done, byteCount - done, position + done);
      if (bytesRead === 0)
        throw new TruncatedWavError(this.path, `file ends before byte ${position + byteCount}`);
      done += bytesRead;
    }
  }
}

function decodeSamples(view: DataView, format: WavSampleFormat, out: Float32Array): void {
  const n = out.length;
  switch (format) {
    case 'pcm16':
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true) / 32_768;
      break;
    case 'pcm24':
      for (let i = 0; i < n; i++) {
        const o = i * 3;
        const v = (view.getUint8(o) | (view.getUint8(o + 1) << 8) | (view.getInt8(o + 2) << 16)) >> 0;
        out[i] = v / 8_388_608;
      }
      break;
    case 'pcm32':
      for (let i = 0; i < n; i++) out[i] = view.getInt32(i * 4, true) / 2_147_483_648;
      break;
    case 'float32':
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
      break;
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** Reads the RIFF header and chunk list up to the data chunk. */
export async function parseWavHeader(handle: FileHandle, path: string): Promise<WavInfo> {
  const fileBytes = (await handle.stat()).size;
  const riff = await readAt(handle, 0, 12);
  if (riff.length < 12) throw new NotWavError(path, `only ${riff.length} bytes long`);
  const magic = riff.toString('latin1', 0, 4);
  if (magic === 'RF64' || magic === 'BW64')
    throw new UnsupportedWavError(path, `${magic} files larger than 4 GiB`);
  if (magic !== 'RIFF' || riff.toString('latin1', 8, 12) !== 'WAVE') {
    throw new NotWavError(path, 'no RIFF/WAVE header');
  }
  let position = 12;
  let format: Omit<WavInfo, 'durationSamples' | 'dataOffset' | 'dataBytes'> | null = null;
  while (position + 8 <= fileBytes) {
    const chunk = await readAt(handle, position, 8);
    const id = chunk.toString('latin1', 0, 4);
    const size = chunk.readUInt32LE(4);
    const body = position + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new NotWavError(path, `fmt chunk of ${size} bytes is too short`);
      format = parseFormat(await readAt(handle, body, Math.min(size, 40)), path);
    } else if (id === 'data') {
      if (format === null) throw new NotWavError(path, 'data chunk comes before the fmt chunk');
      const available = fileBytes - body;
      let dataBytes = size;
      if (size === UNKNOWN_SIZE) dataBytes = available;
      else if (size > available) {
        throw new TruncatedWavError(
          path,
          `the header promises ${size} bytes of audio but only ${available} follow`,
        );
      }
      const bytesPerFrame = (format.bitsPerSample / 8) * format.channels;
      const durationSamples = Math.floor(dataBytes / bytesPerFrame);
      return { ...format, durationSamples, dataOffset: body, dataBytes: durationSamples * bytesPerFrame };
    }
    position = body + size + (size % 2);
  }
  throw new NotWavError(path, format === null ? 'no fmt chunk' : 'no data chunk');
}

function parseFormat(
  fmt: Buffer,
  path: string,
): Omit<WavInfo, 'durationSamples' | 'dataOffset' | 'dataBytes'> {
  let formatTag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const bitsPerSample = fmt.readUInt16LE(14);
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (fmt.length < 26) throw new NotWavError(path, 'extensible fmt chunk is too short');
    formatTag = fmt.readUInt16LE(24);
  }
  if (channels !== 1 && channels !== 2) throw new UnsupportedWavError(path, `${channels} channels`);
  if (sampleRate < 1) throw new NotWavError(path, 'sample rate of 0 Hz');
  let sampleFormat: WavSampleFormat;
  if (formatTag === WAVE_FORMAT_PCM && bitsPerSample === 16) sampleFormat = 'pcm16';
  else if (formatTag === WAVE_FORMAT_PCM && bitsPerSample === 24) sampleFormat = 'pcm24';
  else if (formatTag === WAVE_FORMAT_PCM && bitsPerSample === 32) sampleFormat = 'pcm32';
  else if (formatTag === WAVE_FORMAT_IEEE_FLOAT && bitsPerSample === 32) sampleFormat = 'float32';
  else {
    const name =
      formatTag === WAVE_FORMAT_PCM
        ? 'integer PCM'
        : formatTag === WAVE_FORMAT_IEEE_FLOAT
          ? 'float'
          : `format tag ${formatTag}`;
    throw new UnsupportedWavError(path, `${bitsPerSample}-bit ${name}`);
  }
  return { sampleRate, channels, bitsPerSample, sampleFormat };
}

/** Header facts of a WAV file without reading its samples. */
export async function readWavInfo(path: string): Promise<WavInfo> {
  const reader = await WavReader.open(path);
  await reader.close();
  return reader.info;
}

/** Streams a WAV file's interleaved blocks and closes it when the loop ends (or breaks). */
export async function* readWavBlocks(
  path: string,
  framesPerBlock = DEFAULT_BLOCK_FRAMES,
): AsyncGenerator<Float32Array> {
  const reader = await WavReader.open(path);
  try {
    yield* reader.blocks(framesPerBlock);
  } finally {
    await reader.close();
  }
}

/**
 * Reads a whole (small) WAV file, e.g. one take. Refuses files longer than `maxFrames` so it is never
 * used on an episode by mistake.
 */
export async function readWavFile(
  path: string,
  maxFrames = 48_000 * 60 * 20,
): Promise<{ info: WavInfo; samples: Float32Array }> {
  const reader = await WavReader.open(path);
  try {
    const { info } = reader;
    if (info.durationSamples > maxFrames) {
      throw new AudioArgumentError(
        `${path} holds ${info.durationSamples} frames, more than the ${maxFrames} readWavFile() loads at once; stream it with WavReader instead.`,
      );
    }
    const samples = new Float32Array(info.durationSamples * info.channels);
    let offset = 0;
    for await (const block of reader.blocks(DEFAULT_BLOCK_FRAMES)) {
      samples.set(block, offset);
      offset += block.length;
    }
    return { info, samples };
  } finally {
    await reader.close();
  }
}
