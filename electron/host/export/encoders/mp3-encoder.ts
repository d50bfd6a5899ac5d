/**
 * MP3 export: constant bit rate Layer III through lamejs (@breezystack/lamejs, pure JavaScript): MPEG-1 at
 * 32/44.1/48 kHz (96-320 kbps), MPEG-2 at 16/22.05/24 kHz (96-160 kbps),
 * with an ID3v2.3 tag (title, artist, chapters) in front of the first frame. lamejs is CPU-bound and
 * synchronous, so blocks are encoded in slices of about 0.2 s with a yield to the event loop between
 * slices; the host stays responsive during a long export.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Mp3Encoder as LameEncoder } from '@breezystack/lamejs';
import { AudioArgumentError } from '../../audio/audio-errors';
import { ensureInt32, quantize, TpdfDither } from '../../audio/pcm';
import { StreamingOutput, wholeFrames } from '../../audio/streaming-output';
import type { AudioEncoder, AudioEncoderOptions, EncodedFile } from './audio-encoder';
import { encodedFile } from './encoded-file';
import { buildId3v2Tag } from './id3';

/** MPEG-1 Layer III rates and the bit rates offered there. */
const MPEG1 = { rates: [32_000, 44_100, 48_000], bitrates: [96, 112, 128, 160, 192, 224, 256, 320] };
/** MPEG-2 Layer III (half rates, e.g. a 24 kHz project exported as is): at most 160 kbps. */
const MPEG2 = { rates: [16_000, 22_050, 24_000], bitrates: [96, 112, 128, 144, 160] };

export const MP3_SAMPLE_RATES: readonly number[] = [...MPEG2.rates, ...MPEG1.rates];

/** Constant bit rates (kbps) MP3 export offers at a sample rate (empty if the rate is not supported). */
export function mp3BitratesFor(sampleRate: number): readonly number[] {
  if (MPEG1.rates.includes(sampleRate)) return MPEG1.bitrates;
  if (MPEG2.rates.includes(sampleRate)) return MPEG2.bitrates;
  return [];
}

export const MP3_ENCODER_NAME = 'Roundtable Studio (LAME via lamejs)';
/** MPEG-1 Layer III frames hold 1152 samples; slices are whole frames. */
const SLICE_FRAMES = 1152 * 8;
const OUTPUT_NAMES = { writer: 'The MP3 encoder', writeCall: 'Mp3Encoder.write()' };

export class Mp3Encoder implements AudioEncoder {
  readonly format = 'mp3' as const;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitrateKbps: number;
  private readonly output: StreamingOutput;
  private readonly lame: LameEncoder;
  private readonly dither: TpdfDither | null;
  private ints: Int32Array = new Int32Array(0);
  private left: Int16Array = new Int16Array(SLICE_FRAMES);
  private right: Int16Array = new Int16Array(SLICE_FRAMES);
  private frames = 0;

  private constructor(output: StreamingOutput, options: AudioEncoderOptions, bitrateKbps: number) {
    this.output = output;
    this.sampleRate = options.sampleRate;
    this.channels = options.channels;
    this.bitrateKbps = bitrateKbps;
    this.lame = new LameEncoder(options.channels, options.sampleRate, bitrateKbps);
    this.dither = options.dither === true ? new TpdfDither() : null;
  }

  static async create(options: AudioEncoderOptions): Promise<Mp3Encoder> {
    const bitrateKbps = options.mp3BitrateKbps ?? 128;
    const bitrates = mp3BitratesFor(options.sampleRate);
    if (bitrates.length === 0) {
      throw new AudioArgumentError(
        `MP3 export supports ${MP3_SAMPLE_RATES.join(', ')} Hz; got ${options.sampleRate} Hz. Choose 44100 or 48000 Hz for the export.`,
      );
    }
    if (!bitrates.includes(bitrateKbps)) {
      throw new AudioArgumentError(
        `MP3 at ${options.sampleRate} Hz supports ${bitrates.join(', ')} kbps; got ${bitrateKbps} kbps. ` +
          'Choose one of those, or export at 44100 or 48000 Hz for higher bit rates.',
      );
    }
    if (options.channels !== 1 && options.channels !== 2) {
      throw new AudioArgumentError(`MP3 export is mono or stereo; got ${String(options.channels)} channels.`);
    }
    const tag =
      options.metadata === undefined
        ? null
        : buildId3v2Tag({ ...options.metadata, encoder: MP3_ENCODER_NAME });
    return StreamingOutput.open(options.path, OUTPUT_NAMES, async (output) => {
      if (tag !== null) await output.file.append(tag);
      return new Mp3Encoder(output, options, bitrateKbps);
    });
  }

  get path(): string {
    return this.output.path;
  }

  get durationSamples(): number {
    return this.frames;
  }

  write(interleaved: Float32Array): Promise<void> {
    return this.output.write(async () => {
      const channels = this.channels;
      const frames = wholeFrames(interleaved, channels);
      this.ints = ensureInt32(this.ints, interleaved.length);
      quantize(interleaved, 16, this.ints, interleaved.length, this.dither);
      for (let start = 0; start < frames; start += SLICE_FRAMES) {
        const count = Math.min(SLICE_FRAMES, frames - start);
        for (let i = 0; i < count; i++) {
          const at = (start + i) * channels;
          this.left[i] = this.ints[at] as number;
          if (channels === 2) this.right[i] = this.ints[at + 1] as number;
        }
        const encoded =
          channels === 2
            ? this.lame.encodeBuffer(this.left.subarray(0, count), this.right.subarray(0, count))
            : this.lame.encodeBuffer(this.left.subarray(0, count));
        await this.output.file.append(asBytes(encoded));
        this.frames += count;
        if (start + count < frames) await yieldToEventLoop();
      }
    });
  }

  async finish(): Promise<EncodedFile> {
    await this.output.finish(async () => {
      await this.output.file.append(asBytes(this.lame.flush()));
    });
    return encodedFile({
      path: this.path,
      format: 'mp3',
      sampleRate: this.sampleRate,
      channels: this.channels,
      durationSamples: this.frames,
    });
  }

  abort(): Promise<void> {
    return this.output.abort();
  }
}

/** lamejs hands back Int8Array views (typed as Uint8Array); look at the same bytes unsigned. */
function asBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
