/**
 * MP3 export: constant bit rate Layer III through LAME compiled to WebAssembly (wasm-media-encoders, the
 * reference encoder: ~3× the speed of the lamejs port it replaced), MPEG-1 at 32/44.1/48 kHz
 * (96-320 kbps), MPEG-2 at 16/22.05/24 kHz (96-160 kbps), with an ID3v2.3 tag (title, artist, chapters)
 * in front of the first frame. LAME runs on a worker thread of its own (mp3-thread.ts): blocks go out as
 * they are written, a few stay in flight, and the encoded bytes come back in order and are appended to the
 * file here, so the host's event loop stays free and the export's meter and checks run beside the coding.
 * LAME gets the float samples as they are (no 16-bit step in between).
 */
import { BlockThread } from '../../../../threads/block-thread';
import { AudioArgumentError } from '../../../audio/audio-errors';
import { StreamingOutput, wholeFrames } from '../../../audio/streaming-output';
import type { AudioEncoder, AudioEncoderOptions, EncodedFile } from '../audio-encoder';
import { encodedFile } from '../encoded-file';
import { buildId3v2Tag } from '../id3';
import type { Mp3ThreadSetup } from './mp3-thread-setup';

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

export const MP3_ENCODER_NAME = 'Roundtable Studio (LAME)';
const OUTPUT_NAMES = { writer: 'The MP3 encoder', writeCall: 'Mp3Encoder.write()' };
/** Blocks handed to the thread and not yet answered, at most (the thread never waits for the next one). */
const IN_FLIGHT = 3;

export class Mp3EncoderError extends Error {
  constructor(path: string, message: string) {
    super(`The MP3 encoder for ${path} stopped: ${message}`);
    this.name = 'Mp3EncoderError';
  }
}

export class Mp3Encoder implements AudioEncoder {
  readonly format = 'mp3' as const;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  readonly bitrateKbps: number;
  private readonly output: StreamingOutput;
  private readonly thread: BlockThread<Float32Array, Uint8Array>;
  private inFlight = 0;
  private frames = 0;

  private constructor(output: StreamingOutput, options: AudioEncoderOptions, bitrateKbps: number) {
    this.output = output;
    this.sampleRate = options.sampleRate;
    this.channels = options.channels;
    this.bitrateKbps = bitrateKbps;
    const setup: Mp3ThreadSetup = { sampleRate: options.sampleRate, channels: options.channels, bitrateKbps };
    this.thread = new BlockThread(
      { callerUrl: import.meta.url, sourceEntry: './mp3-thread', bundledName: 'mp3-thread' },
      setup,
      (message) => new Mp3EncoderError(this.path, message),
    );
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
    return StreamingOutput.open(
      options.path,
      OUTPUT_NAMES,
      async (output) => {
        if (tag !== null) await output.file.append(tag);
        return new Mp3Encoder(output, options, bitrateKbps);
      },
      options.expectedBytes,
    );
  }

  get path(): string {
    return this.output.path;
  }

  get durationSamples(): number {
    return this.frames;
  }

  write(interleaved: Float32Array): Promise<void> {
    return this.output.write(async () => {
      const frames = wholeFrames(interleaved, this.channels);
      if (frames === 0) return;
      // A copy goes to the thread: the caller may reuse its block once this resolves.
      this.thread.send(interleaved.slice(0, frames * this.channels));
      this.inFlight++;
      this.frames += frames;
      while (this.inFlight > IN_FLIGHT) await this.take('encoded');
    });
  }

  async finish(): Promise<EncodedFile> {
    try {
      await this.output.finish(async () => {
        this.thread.end();
        this.inFlight++;
        while (this.inFlight > 1) await this.take('encoded');
        await this.take('tail');
      });
    } finally {
      await this.stop();
    }
    return encodedFile({
      path: this.path,
      format: 'mp3',
      sampleRate: this.sampleRate,
      channels: this.channels,
      durationSamples: this.frames,
    });
  }

  async abort(): Promise<void> {
    await this.stop();
    await this.output.abort();
  }

  /** The next reply, which must be of `type`; its bytes go to the file. */
  private async take(type: 'encoded' | 'tail'): Promise<void> {
    const reply = await this.thread.next();
    this.inFlight--;
    if (reply.tail !== (type === 'tail')) {
      throw new Mp3EncoderError(this.path, `expected ${type}, got ${reply.tail ? 'tail' : 'encoded'}`);
    }
    if (reply.data.length > 0) await this.output.file.append(reply.data);
  }

  private async stop(): Promise<void> {
    await this.thread.stop();
  }
}
