/** WAV export: the streaming WAV writer behind the AudioEncoder interface. */
import { WavWriter } from '../../audio/wav-writer';
import type { AudioEncoder, AudioEncoderOptions, EncodedFile } from './audio-encoder';
import { encodedFile } from './encoded-file';

export class WavEncoder implements AudioEncoder {
  readonly format = 'wav' as const;
  private readonly writer: WavWriter;

  private constructor(writer: WavWriter) {
    this.writer = writer;
  }

  static async create(options: AudioEncoderOptions): Promise<WavEncoder> {
    const writer = await WavWriter.create(options.path, {
      sampleRate: options.sampleRate,
      channels: options.channels,
      bitDepth: options.bitDepth ?? 16,
      dither: options.dither ?? false,
      ...(options.expectedBytes === undefined ? {} : { expectedBytes: options.expectedBytes }),
    });
    return new WavEncoder(writer);
  }

  get path(): string {
    return this.writer.path;
  }

  get sampleRate(): number {
    return this.writer.sampleRate;
  }

  get channels(): 1 | 2 {
    return this.writer.channels;
  }

  get durationSamples(): number {
    return this.writer.durationSamples;
  }

  write(interleaved: Float32Array): Promise<void> {
    return this.writer.write(interleaved);
  }

  async finish(): Promise<EncodedFile> {
    const result = await this.writer.close();
    return encodedFile({
      path: result.path,
      format: 'wav',
      sampleRate: result.sampleRate,
      channels: this.writer.channels,
      durationSamples: result.durationSamples,
    });
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}
