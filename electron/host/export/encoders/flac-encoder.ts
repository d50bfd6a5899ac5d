/**
 * Streaming FLAC encoder (16 or 24-bit, mono or stereo, any rate FLAC allows): fixed 4096-sample frames,
 * see flac/flac-frame.ts for the coding. The STREAMINFO block is written first with the totals unknown
 * and patched in finish() with the sample count, frame sizes and the MD5 of the samples.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { AudioArgumentError } from '../../audio/audio-errors';
import { ensureBytes, ensureInt32, packLittleEndian, quantize, TpdfDither } from '../../audio/pcm';
import { StreamingOutput, wholeFrames } from '../../audio/streaming-output';
import type { AudioEncoder, AudioEncoderOptions, EncodedFile } from './audio-encoder';
import { validateChapters } from './chapters';
import { encodedFile } from './encoded-file';
import { FlacFrameEncoder } from './flac/flac-frame';
import { pictureBlock, streamInfoBlock, vorbisCommentBlock } from './flac/flac-metadata';
import type { StreamInfo } from './flac/flac-metadata';

export const FLAC_BLOCK_SIZE = 4096;
export const FLAC_VENDOR = 'Roundtable Studio FLAC encoder';
/** The STREAMINFO block (header included) follows the 4-byte "fLaC" marker. */
const STREAMINFO_BLOCK_OFFSET = 4;
const MAX_TOTAL_SAMPLES = 2 ** 36 - 1;
const OUTPUT_NAMES = { writer: 'The FLAC encoder', writeCall: 'FlacEncoder.write()' };

export class FlacEncoder implements AudioEncoder {
  readonly format = 'flac' as const;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitDepth: 16 | 24;
  private readonly output: StreamingOutput;
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

  private constructor(output: StreamingOutput, options: AudioEncoderOptions, bitDepth: 16 | 24) {
    this.output = output;
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
    return StreamingOutput.open(
      options.path,
      OUTPUT_NAMES,
      async (output) => {
        const encoder = new FlacEncoder(output, options, bitDepth);
        await output.file.append(Buffer.from('fLaC', 'latin1'));
        await output.file.append(streamInfoBlock(encoder.streamInfo(), false));
        const artwork = options.metadata?.artwork;
        await output.file.append(vorbisCommentBlock(FLAC_VENDOR, options.metadata, !artwork));
        if (artwork) await output.file.append(pictureBlock(artwork, true));
        return encoder;
      },
      options.expectedBytes,
    );
  }

  get path(): string {
    return this.output.path;
  }

  get durationSamples(): number {
    return this.totalSamples;
  }

  write(interleaved: Float32Array): Promise<void> {
    return this.output.write(async () => {
      const channels = this.channels;
      const frames = wholeFrames(interleaved, channels);
      if (this.totalSamples + frames > MAX_TOTAL_SAMPLES) {
        throw new AudioArgumentError(
          'The FLAC stream would exceed 2^36 samples; split the export by chapter.',
        );
      }
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
    });
  }

  async finish(): Promise<EncodedFile> {
    await this.output.finish(async () => {
      if (this.blockFill > 0) await this.emitFrame();
      const info = this.streamInfo();
      info.md5 = this.md5.digest();
      await this.output.file.writeAt(streamInfoBlock(info, false), STREAMINFO_BLOCK_OFFSET);
    });
    return encodedFile({
      path: this.path,
      format: 'flac',
      sampleRate: this.sampleRate,
      channels: this.channels,
      durationSamples: this.totalSamples,
    });
  }

  abort(): Promise<void> {
    return this.output.abort();
  }

  private async emitFrame(): Promise<void> {
    const bytes = this.frames.encode(this.block, this.blockFill, this.frameNumber++);
    this.minFrameBytes = Math.min(this.minFrameBytes, bytes.length);
    this.maxFrameBytes = Math.max(this.maxFrameBytes, bytes.length);
    this.blockFill = 0;
    await this.output.file.append(bytes);
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
}
