/**
 * Bed audio, content-addressed: an imported WAV, MP3 or FLAC is stored decoded as `<dir>/<sha256>.wav`
 * (24-bit, its own rate and channels: mono or stereo, of more channels the first two) with `<sha256>.peaks.json` for the studio's bed lane. The hash is of the file as imported, so
 * importing the same file twice stores it once. Every file is written atomically (WavWriter, writeFileAtomic).
 *
 * Limits, checked before anything is decoded: at most MAX_BED_FILE_BYTES on disk and MAX_BED_MINUTES of
 * audio (MP3 and FLAC are decoded in memory: 15 minutes of 48 kHz stereo is 330 MB of samples). A longer
 * bed is a loop of a shorter file.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { MPEGDecoder } from 'mpg123-decoder';
import * as z from 'zod';
import type { BedAudio } from '../../../shared/model/beds';
import { PeakBuilder } from '../audio/peaks';
import { WavReader } from '../audio/wav-reader';
import { WavWriter } from '../audio/wav-writer';
import { Resampler } from '../audio/resampler';
import { writeFileAtomic } from '../files/atomic-write';
import { sniffFormat } from '../speech-server/decode-speech-audio';

export const MAX_BED_FILE_BYTES = 200 * 1024 * 1024;
export const MAX_BED_MINUTES = 15;
export const BED_SAMPLES_PER_PEAK = 1024;
const BLOCK_FRAMES = 1 << 15;

export class BedImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BedImportError';
  }
}

const PeaksFileSchema = z.object({ samplesPerPeak: z.number().int().positive(), peaks: z.array(z.number()) });

export class BedStore {
  constructor(readonly dir: string) {}

  wavPath(hash: string): string {
    return path.join(this.dir, `${hash}.wav`);
  }

  /** Imports an audio file (or finds it already stored) and says what it holds. */
  async importFile(file: string): Promise<BedAudio> {
    const fileName = path.basename(file);
    const stat = await fs.stat(file).catch(() => {
      throw new BedImportError(`${file} cannot be read: choose a WAV, MP3 or FLAC file`);
    });
    if (!stat.isFile()) throw new BedImportError(`${file} is not a file: choose a WAV, MP3 or FLAC file`);
    if (stat.size > MAX_BED_FILE_BYTES) {
      throw new BedImportError(
        `${fileName} is ${Math.round(stat.size / 2 ** 20)} MB; a bed file may be at most ${MAX_BED_FILE_BYTES / 2 ** 20} MB (loop a shorter one)`,
      );
    }
    return this.importBytes(new Uint8Array(await fs.readFile(file)), fileName);
  }

  async importBytes(bytes: Uint8Array, fileName: string): Promise<BedAudio> {
    if (bytes.length > MAX_BED_FILE_BYTES)
      throw new BedImportError(`${fileName} is larger than ${MAX_BED_FILE_BYTES / 2 ** 20} MB`);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const stored = await this.describe(hash, fileName).catch(() => null);
    if (stored) return stored;
    await fs.mkdir(this.dir, { recursive: true });
    const found = sniffFormat(bytes);
    const decoded =
      found === 'wav'
        ? await this.storeWav(bytes, hash, fileName)
        : found === 'mp3' || found === 'flac'
          ? await this.storeDecoded(bytes, found, hash, fileName)
          : null;
    if (!decoded) {
      throw new BedImportError(`${fileName} is not a WAV, MP3 or FLAC file (it looks like ${found})`);
    }
    return decoded;
  }

  /** The stored audio of `hash`, checked (its WAV header). */
  async describe(hash: string, fileName: string): Promise<BedAudio> {
    const reader = await WavReader.open(this.wavPath(hash));
    await reader.close();
    const { sampleRate, channels, durationSamples } = reader.info;
    return { hash, sampleRate, channels, durationSamples, fileName };
  }

  /** Opens the stored WAV of a bed, refusing one that does not match what the project says of it. */
  async open(audio: BedAudio): Promise<WavReader> {
    const reader = await WavReader.open(this.wavPath(audio.hash)).catch(() => {
      throw new BedImportError(
        `the audio of the bed "${audio.fileName}" is missing from ${this.dir}: import the file again`,
      );
    });
    const { info } = reader;
    if (
      info.sampleRate !== audio.sampleRate ||
      info.channels !== audio.channels ||
      info.durationSamples !== audio.durationSamples
    ) {
      await reader.close();
      throw new BedImportError(
        `the stored audio of the bed "${audio.fileName}" does not match the project: import the file again`,
      );
    }
    return reader;
  }

  /**
   * Opens the bed at `rate`: its stored WAV when that is its rate, else a copy resampled once to that rate
   * (`<hash>.<rate>.wav`, made on first use, atomically), so a loop is not resampled again at every pass.
   */
  async openAtRate(audio: BedAudio, rate: number): Promise<WavReader> {
    if (audio.sampleRate === rate) return this.open(audio);
    const file = path.join(this.dir, `${audio.hash}.${rate}.wav`);
    const frames = Math.floor((2 * audio.durationSamples * rate + audio.sampleRate) / (2 * audio.sampleRate));
    const cached = await WavReader.open(file).catch(() => null);
    if (cached && cached.info.durationSamples === frames && cached.info.channels === audio.channels)
      return cached;
    await cached?.close();
    const source = await this.open(audio);
    try {
      const resampler = new Resampler(audio.sampleRate, rate, audio.channels);
      const writer = await WavWriter.create(file, {
        sampleRate: rate,
        channels: audio.channels,
        bitDepth: 24,
      });
      try {
        for await (const block of source.blocks(BLOCK_FRAMES)) await writer.write(resampler.process(block));
        await writer.write(resampler.flush());
        await writer.close();
      } catch (error) {
        await writer.abort();
        throw error;
      }
    } finally {
      await source.close();
    }
    return WavReader.open(file);
  }

  /** The bed's waveform peaks: [min, max] pairs per BED_SAMPLES_PER_PEAK frames over its channels. */
  async peaks(hash: string): Promise<{ samplesPerPeak: number; peaks: number[] }> {
    const raw = await fs.readFile(path.join(this.dir, `${hash}.peaks.json`), 'utf8');
    return PeaksFileSchema.parse(JSON.parse(raw));
  }

  private async storeWav(bytes: Uint8Array, hash: string, fileName: string): Promise<BedAudio> {
    // Read through the streaming reader from a temp copy: no second decoder for WAV.
    // Its own name per import: two imports of the same file at once must not share a temp copy.
    const source = path.join(
      this.dir,
      `${hash}.import.roundtable-${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
    );
    await fs.writeFile(source, bytes);
    try {
      const reader = await WavReader.open(source).catch((error: unknown) => {
        throw new BedImportError(`${fileName} is not a WAV this app reads (${(error as Error).message})`);
      });
      try {
        const { sampleRate, channels, durationSamples } = reader.info;
        checkLength(fileName, durationSamples, sampleRate);
        return await this.write(hash, fileName, sampleRate, channels, reader.blocks(BLOCK_FRAMES));
      } finally {
        await reader.close();
      }
    } finally {
      await fs.rm(source, { force: true });
    }
  }

  private async storeDecoded(
    bytes: Uint8Array,
    format: 'mp3' | 'flac',
    hash: string,
    fileName: string,
  ): Promise<BedAudio> {
    const decoded = format === 'mp3' ? await decodeMp3(bytes, fileName) : await decodeFlac(bytes, fileName);
    const frames = decoded.samplesDecoded;
    checkLength(fileName, frames, decoded.sampleRate);
    const channelData = decoded.channelData.slice(0, 2);
    const channels = channelData.length === 1 ? 1 : 2;
    async function* blocks(): AsyncGenerator<Float32Array> {
      for (let offset = 0; offset < frames; offset += BLOCK_FRAMES) {
        const count = Math.min(BLOCK_FRAMES, frames - offset);
        const out = new Float32Array(count * channels);
        for (let c = 0; c < channels; c++) {
          const data = channelData[c] as Float32Array;
          for (let i = 0; i < count; i++) out[i * channels + c] = data[offset + i] ?? 0;
        }
        yield out;
      }
    }
    return this.write(hash, fileName, decoded.sampleRate, channels, blocks());
  }

  private async write(
    hash: string,
    fileName: string,
    sampleRate: number,
    channels: 1 | 2,
    blocks: AsyncIterable<Float32Array>,
  ): Promise<BedAudio> {
    const writer = await WavWriter.create(this.wavPath(hash), { sampleRate, channels, bitDepth: 24 });
    const peaks = new PeakBuilder(BED_SAMPLES_PER_PEAK, channels);
    try {
      for await (const block of blocks) {
        peaks.push(block);
        await writer.write(block);
      }
      const peakValues = Array.from(peaks.finish(), (value) => Math.round(value * 1000) / 1000);
      await writeFileAtomic(
        path.join(this.dir, `${hash}.peaks.json`),
        JSON.stringify({ samplesPerPeak: BED_SAMPLES_PER_PEAK, peaks: peakValues }),
      );
      const result = await writer.close();
      if (result.durationSamples === 0) throw new BedImportError(`${fileName} holds no audio`);
      return { hash, sampleRate, channels, durationSamples: result.durationSamples, fileName };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }
}

function checkLength(fileName: string, frames: number, sampleRate: number): void {
  if (frames === 0) throw new BedImportError(`${fileName} holds no audio`);
  if (frames > MAX_BED_MINUTES * 60 * sampleRate) {
    throw new BedImportError(
      `${fileName} is ${Math.round(frames / sampleRate / 60)} minutes long; a bed file may be at most ${MAX_BED_MINUTES} minutes (loop a shorter one)`,
    );
  }
}

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
}

async function decodeMp3(bytes: Uint8Array, fileName: string): Promise<Decoded> {
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
    const result = decoder.decode(bytes);
    if (result.samplesDecoded === 0) throw new BedImportError(`${fileName} has no MP3 frames that decode`);
    return result;
  } finally {
    decoder.free();
  }
}

async function decodeFlac(bytes: Uint8Array, fileName: string): Promise<Decoded> {
  const decoder = new FLACDecoder();
  try {
    await decoder.ready;
    const result = await decoder.decodeFile(bytes);
    if (result.samplesDecoded === 0 || result.errors.length > 0) {
      throw new BedImportError(
        `${fileName} does not decode as FLAC${result.errors[0] ? ` (${result.errors[0].message})` : ''}`,
      );
    }
    return result;
  } finally {
    decoder.free();
  }
}
