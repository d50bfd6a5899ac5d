/**
 * Streaming FLAC encoder (16 or 24-bit, mono or stereo, any rate FLAC allows): fixed 4096-sample frames,
 * see flac/flac-frame.ts for the coding. The STREAMINFO block is written first with the totals unknown
 * and patched in finish() with the sample count, frame sizes and the MD5 of the samples.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { AudioArgumentError, AudioClosedError } from '../../audio/audio-errors';
import { PartialFile } from '../../audio/partial-file';
import { ensureBytes, ensureInt32, packLittleEndian, quantize, TpdfDither } from '../../audio/pcm';
import type { AudioEncoder, AudioEncoderOptions, EncodedFile } from './audio-encoder';
import { validateChapters } from './chapters';
import { FlacFrameEncoder } from './flac/flac-frame';
import { streamInfoBlock, vorbisCommentBlock } from './flac/flac-metadata';
import type { StreamInfo } from './flac/flac-metadata';

export const FLAC_BLOCK_SIZE = 4096;
export const FLAC_VENDOR = 'Roundtable Studio FLAC encoder';
/** The STREAMINFO block (header included) follows the 4-byte "fLaC" marker. */
const STREAMINFO_BLOCK_OFFSET = 4;
const MAX_TOTAL_SAMPLES = 2 ** 36 - 1;

export class FlacEncoder implements AudioEncoder {
  readonly format = 'flac' as const;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitDepth: 16 | 24;
  private readonly file: PartialFile;
  private readonly frames: FlacFrameEncoder;
  private readonly md5: Hash = createHash('md5');
  private readonly dither: TpdfDither | null;
  private readonly block: Int32Array[];
  private blockFill = 0;
  private frameNumber = 0;
  private totalSamples = 0;
  private minFrameBytes = Infinity;
  private maxFrameBytes = 0;
  private ints: Int32Array = new Int32Array(0);
  private pcm: Buffer = Buffer.alloc(0);
  private busy = false;
  private closed = false;

  private constructor(file: PartialFile, options: AudioEncoderOptions, bitDepth: 16 | 24) {
    this.file = file;
    this.sampleRate = options.sampleRate;
    this.channels = options.channels;
    this.bitDepth = bitDepth;
    this.frames = new FlacFrameEncoder(
      { sampleRate: options.sampleRate, channels: options.channels, bitsPerSample: bitDepth },
      FLAC_BLOCK_SIZE,
    );
    this.dither = options.dither === true && bitDepth === 16 ? new TpdfDither() : null;
    this.block = Array.from({ length: options.channels }, () => new Int32Array(FLAC_BLOCK_SIZE));
  }

  static async create(options: AudioEncoderOptions): Promise<FlacEncoder> {
    const bitDepth = options.bitDepth ?? 16;
    const { sampleRate, channels } = options;
    if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 655_350) {
      throw new AudioArgumentError(`FLAC sample rates run from 1 to 655350 Hz; got ${sampleRate}.`);
    }
    if (channels !== 1 && channels !== 2) {
      throw new AudioArgumentError(`FLAC export is mono or stereo; got ${String(channels)} channels.`);
    }
    if (bitDepth !== 16 && bitDepth !== 24) {
      throw new AudioArgumentError(`FLAC export is 16 or 24-bit; got ${String(bitDepth)}.`);
    }
    if (options.metadata?.chapters !== undefined) validateChapters(options.metadata.chapters);
    const file = await PartialFile.open(options.path);
    const encoder = new FlacEncoder(file, options, bitDepth);
    try {
      await file.append(Buffer.from('fLaC', 'latin1'));
      await file.append(streamInfoBlock(encoder.streamInfo(), false));
      await file.append(vorbisCommentBlock(FLAC_VENDOR, options.metadata, true));
    } catch (error) {
      await file.discard();
      throw error;
    }
    return encoder;
  }

  get path(): string {
    return this.file.finalPath;
  }

  get durationSamples(): number {
    return this.totalSamples;
  }

  async write(interleaved: Float32Array): Promise<void> {
    this.requireIdle();
    const channels = this.channels;
    const frames = interleaved.length / channels;
    if (!Number.isInteger(frames)) {
      throw new AudioArgumentError(
        `A ${channels}-channel block must hold whole frames; got ${interleaved.length} samples.`,
      );
    }
    if (this.totalSamples + frames > MAX_TOTAL_SAMPLES) {
      throw new AudioArgumentError('The FLAC stream would exceed 2^36 samples; split the export by chapter.');
    }
    this.busy = true;
    try {
      this.ints = ensureInt32(this.ints, interleaved.length);
      quantize(interleaved, this.bitDepth, this.ints, interleaved.length, this.dither);
      const byteCount = (interleaved.length * this.bitDepth) / 8;
      this.pcm = ensureBytes(this.pcm, byteCount);
      packLittleEndian(this.ints, interleaved.length, this.bitDepth, this.pcm);
      this.md5.update(this.pcm.subarray(0, byteCount));
      let frame = 0;
      while (frame < frames) {
        const count = Math.min(frames - frame, FLAC_BLOCK_SIZE - this.blockFill);
        for (let c = 0; c < channels; c++) {
          const target = this.block[c] as Int32Array;
          let at = frame * channels + c;
          for (let i = 0; i < count; i++, at += channels)
            target[this.blockFill + i] = this.ints[at] as number;
        }
        this.blockFill += count;
        frame += count;
        if (this.blockFill === FLAC_BLOCK_SIZE) await this.emitFrame();
      }
      this.totalSamples += frames;
    } finally {
      this.busy = false;
    }
  }

  async finish(): Promise<EncodedFile> {
    this.requireIdle();
    this.closed = true;
    try {
      if (this.blockFill > 0) await this.emitFrame();
      const info = this.streamInfo();
      info.md5 = this.md5.digest();
      await this.file.writeAt(streamInfoBlock(info, false), STREAMINFO_BLOCK_OFFSET);
      await this.file.commit();
    } catch (error) {
      await this.file.discard();
      throw error;
    }
    return {
      path: this.path,
      format: 'flac',
      sampleRate: this.sampleRate,
      channels: this.channels,
      durationSamples: this.totalSamples,
      bytes: (await stat(this.path)).size,
    };
  }

  async abort(): Promise<void> {
    this.closed = true;
    await this.file.discard();
  }

  private async emitFrame(): Promise<void> {
    const bytes = this.frames.encode(this.block, this.blockFill, this.frameNumber++);
    this.minFrameBytes = Math.min(this.minFrameBytes, bytes.length);
    this.maxFrameBytes = Math.max(this.maxFrameBytes, bytes.length);
    this.blockFill = 0;
    await this.file.append(bytes);
  }

  private streamInfo(): StreamInfo {
    return {
      minBlockSize: FLAC_BLOCK_SIZE,
      maxBlockSize: FLAC_BLOCK_SIZE,
      minFrameBytes: Number.isFinite(this.minFrameBytes) ? this.minFrameBytes : 0,
      maxFrameBytes: this.maxFrameBytes,
      sampleRate: this.sampleRate,
      channels: this.channels,
      bitsPerSample: this.bitDepth,
      totalSamples: this.totalSamples,
      md5: new Uint8Array(16),
    };
  }

  private requireIdle(): void {
    if (this.closed) throw new AudioClosedError(`The FLAC encoder for ${this.file.finalPath}`);
    if (this.busy)
      throw new AudioArgumentError(
        'FlacEncoder.write() was called before the previous write finished; await each call.',
      );
  }
}
