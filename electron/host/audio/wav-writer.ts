/**
 * Streaming WAV writer: 16 or 24-bit integer PCM, mono or stereo, any sample rate. Audio goes to a temp
 * file of its own beside `path`; close() patches the RIFF and data sizes and renames the file to `path`, abort()
 * deletes it. Memory use is one block, whatever the length of the file.
 */
import { AudioArgumentError, WavSizeLimitError } from './audio-errors';
import {
  ensureBytes,
  ensureInt32,
  packLittleEndian,
  quantize,
  quantize16LittleEndian,
  TpdfDither,
} from './pcm';
import type { PcmBitDepth } from './pcm';
import { StreamingOutput, wholeFrames } from './streaming-output';
import { buildWavHeader, WAV_MAX_DATA_BYTES, WAVE_FORMAT_PCM } from './wav-format';

export interface WavWriterOptions {
  sampleRate: number;
  channels: 1 | 2;
  bitDepth: PcmBitDepth;
  /** TPDF dither of +-1 LSB before rounding, 16-bit only. Off by default so output is deterministic. */
  dither?: boolean;
  /** A lower data-size limit than the format's 4 GiB, so the guard can be tested without writing 4 GiB. */
  maxDataBytes?: number;
  /** The finished file's expected size, said when the disk is full. */
  expectedBytes?: number;
}

export interface WavWriteResult {
  path: string;
  /** Sample frames written (per channel). */
  durationSamples: number;
  sampleRate: number;
  channels: number;
  /** Size of the data chunk in bytes (without the pad byte). */
  dataBytes: number;
}

const OUTPUT_NAMES = { writer: 'The WAV writer', writeCall: 'WavWriter.write()' };

export class WavWriter {
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitDepth: PcmBitDepth;
  private readonly output: StreamingOutput;
  private readonly dither: TpdfDither | null;
  private readonly maxDataBytes: number;
  private readonly bytesPerFrame: number;
  private ints: Int32Array = new Int32Array(0);
  private bytes: Buffer = Buffer.alloc(0);
  private dataBytes = 0;

  private constructor(output: StreamingOutput, options: WavWriterOptions) {
    this.output = output;
    this.sampleRate = options.sampleRate;
    this.channels = options.channels;
    this.bitDepth = options.bitDepth;
    this.dither = options.dither === true && options.bitDepth === 16 ? new TpdfDither() : null;
    this.maxDataBytes = Math.min(options.maxDataBytes ?? WAV_MAX_DATA_BYTES, WAV_MAX_DATA_BYTES);
    this.bytesPerFrame = (options.channels * options.bitDepth) / 8;
  }

  /** Opens a temp file beside `path` and writes a placeholder header. */
  static async create(path: string, options: WavWriterOptions): Promise<WavWriter> {
    validateOptions(options);
    return StreamingOutput.open(
      path,
      OUTPUT_NAMES,
      async (output) => {
        const writer = new WavWriter(output, options);
        await output.file.append(buildWavHeader(writer.layout(), 0));
        return writer;
      },
      options.expectedBytes,
    );
  }

  get path(): string {
    return this.output.path;
  }

  /** Frames written so far. */
  get durationSamples(): number {
    return this.dataBytes / this.bytesPerFrame;
  }

  /**
   * Appends interleaved float samples (clipped to [-1, 1] and rounded). Await each call before the next.
   * Throws WavSizeLimitError, writing nothing, if the block would take the file past the 4 GiB limit.
   */
  write(interleaved: Float32Array): Promise<void> {
    return this.output.write(async () => {
      wholeFrames(interleaved, this.channels);
      const byteCount = (interleaved.length * this.bitDepth) / 8;
      if (this.dataBytes + byteCount > this.maxDataBytes) throw new WavSizeLimitError(this.maxDataBytes);
      if (interleaved.length === 0) return;
      this.bytes = ensureBytes(this.bytes, byteCount);
      if (this.bitDepth === 16) {
        quantize16LittleEndian(interleaved, this.bytes, interleaved.length, this.dither);
      } else {
        this.ints = ensureInt32(this.ints, interleaved.length);
        quantize(interleaved, this.bitDepth, this.ints, interleaved.length, this.dither);
        packLittleEndian(this.ints, interleaved.length, this.bitDepth, this.bytes);
      }
      await this.output.file.append(this.bytes.subarray(0, byteCount));
      this.dataBytes += byteCount;
    });
  }

  /** Pads the data chunk to an even length, patches the sizes and renames the file to its real name. */
  async close(): Promise<WavWriteResult> {
    await this.output.finish(async () => {
      if (this.dataBytes % 2 === 1) await this.output.file.append(new Uint8Array(1));
      await this.output.file.writeAt(buildWavHeader(this.layout(), this.dataBytes), 0);
    });
    return {
      path: this.output.path,
      durationSamples: this.durationSamples,
      sampleRate: this.sampleRate,
      channels: this.channels,
      dataBytes: this.dataBytes,
    };
  }

  /** Stops and deletes the partial file. Safe after close() failed or twice. */
  abort(): Promise<void> {
    return this.output.abort();
  }

  private layout() {
    return {
      sampleRate: this.sampleRate,
      channels: this.channels,
      bitsPerSample: this.bitDepth,
      formatTag: WAVE_FORMAT_PCM,
    };
  }
}

function validateOptions(options: WavWriterOptions): void {
  const { sampleRate, channels, bitDepth } = options;
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 1_000_000) {
    throw new AudioArgumentError(
      `WAV sample rate must be an integer between 1 and 1000000 Hz; got ${sampleRate}.`,
    );
  }
  if (channels !== 1 && channels !== 2) {
    throw new AudioArgumentError(`WAV output must be mono or stereo; got ${String(channels)} channels.`);
  }
  if (bitDepth !== 16 && bitDepth !== 24) {
    throw new AudioArgumentError(`WAV output must be 16 or 24-bit; got ${String(bitDepth)}.`);
  }
}

/** Writes a small mono take in one go (16-bit by default), atomically like the streaming writer. */
export async function writeWavFile(
  path: string,
  samples: Float32Array,
  sampleRate: number,
  bitDepth: PcmBitDepth = 16,
): Promise<WavWriteResult> {
  const writer = await WavWriter.create(path, {
    sampleRate,
    channels: 1,
    bitDepth,
    expectedBytes: 44 + samples.length * (bitDepth / 8),
  });
  try {
    const blockSamples = 1 << 16;
    for (let offset = 0; offset < samples.length; offset += blockSamples) {
      await writer.write(samples.subarray(offset, Math.min(samples.length, offset + blockSamples)));
    }
    return await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
