/**
 * MP3 export: constant bit rate MPEG-1 Layer III through lamejs (@breezystack/lamejs, pure JavaScript),
 * with an ID3v2.3 tag (title, artist, chapters) in front of the first frame. lamejs is CPU-bound and
 * synchronous, so blocks are encoded in slices of about 0.2 s with a yield to the event loop between
 * slices; the host stays responsive during a long export.
 */
import { stat } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Mp3Encoder as LameEncoder } from '@breezystack/lamejs';
import { AudioArgumentError, AudioClosedError } from '../../audio/audio-errors';
import { PartialFile } from '../../audio/partial-file';
import { ensureInt32, quantize, TpdfDither } from '../../audio/pcm';
import type { AudioEncoder, AudioEncoderOptions, EncodedFile } from './audio-encoder';
import { buildId3v2Tag } from './id3';

export const MP3_SAMPLE_RATES: readonly number[] = [44_100, 48_000];
export const MP3_BITRATES_KBPS: readonly number[] = [96, 112, 128, 160, 192, 224, 256, 320];
export const MP3_ENCODER_NAME = 'Roundtable Studio (LAME via lamejs)';
/** MPEG-1 Layer III frames hold 1152 samples; slices are whole frames. */
const SLICE_FRAMES = 1152 * 8;

export class Mp3Encoder implements AudioEncoder {
  readonly format = 'mp3' as const;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitrateKbps: number;
  private readonly file: PartialFile;
  private readonly lame: LameEncoder;
  private readonly dither: TpdfDither | null;
  private ints: Int32Array = new Int32Array(0);
  private left: Int16Array = new Int16Array(SLICE_FRAMES);
  private right: Int16Array = new Int16Array(SLICE_FRAMES);
  private frames = 0;
  private busy = false;
  private closed = false;

  private constructor(file: PartialFile, options: AudioEncoderOptions, bitrateKbps: number) {
    this.file = file;
    this.sampleRate = options.sampleRate;
    this.channels = options.channels;
    this.bitrateKbps = bitrateKbps;
    this.lame = new LameEncoder(options.channels, options.sampleRate, bitrateKbps);
    this.dither = options.dither === true ? new TpdfDither() : null;
  }

  static async create(options: AudioEncoderOptions): Promise<Mp3Encoder> {
    const bitrateKbps = options.mp3BitrateKbps ?? 128;
    if (!MP3_SAMPLE_RATES.includes(options.sampleRate)) {
      throw new AudioArgumentError(
        `MP3 export supports 44100 or 48000 Hz; got ${options.sampleRate} Hz. Choose one of those rates for the export.`,
      );
    }
    if (!MP3_BITRATES_KBPS.includes(bitrateKbps)) {
      throw new AudioArgumentError(
        `MP3 export supports ${MP3_BITRATES_KBPS.join(', ')} kbps; got ${bitrateKbps} kbps.`,
      );
    }
    if (options.channels !== 1 && options.channels !== 2) {
      throw new AudioArgumentError(`MP3 export is mono or stereo; got ${String(options.channels)} channels.`);
    }
    const tag =
      options.metadata === undefined
        ? null
        : buildId3v2Tag({ ...options.metadata, encoder: MP3_ENCODER_NAME });
    const file = await PartialFile.open(options.path);
    try {
      if (tag !== null) await file.append(tag);
      return new Mp3Encoder(file, options, bitrateKbps);
    } catch (error) {
      await file.discard();
      throw error;
    }
  }

  get path(): string {
    return this.file.finalPath;
  }

  get durationSamples(): number {
    return this.frames;
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
    this.busy = true;
    try {
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
        await this.file.append(asBytes(encoded));
        this.frames += count;
        if (start + count < frames) await yieldToEventLoop();
      }
    } finally {
      this.busy = false;
    }
  }

  async finish(): Promise<EncodedFile> {
    this.requireIdle();
    this.closed = true;
    try {
      await this.file.append(asBytes(this.lame.flush()));
      await this.file.commit();
    } catch (error) {
      await this.file.discard();
      throw error;
    }
    return {
      path: this.path,
      format: 'mp3',
      sampleRate: this.sampleRate,
      channels: this.channels,
      durationSamples: this.frames,
      bytes: (await stat(this.path)).size,
    };
  }

  async abort(): Promise<void> {
    this.closed = true;
    await this.file.discard();
  }

  private requireIdle(): void {
    if (this.closed) throw new AudioClosedError(`The MP3 encoder for ${this.file.finalPath}`);
    if (this.busy)
      throw new AudioArgumentError(
        'Mp3Encoder.write() was called before the previous write finished; await each call.',
      );
  }
}

/** lamejs hands back Int8Array views (typed as Uint8Array); look at the same bytes unsigned. */
function asBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}
