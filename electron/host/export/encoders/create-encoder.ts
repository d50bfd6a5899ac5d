/** Opens the encoder for an export format. */
import type { AudioEncoder, AudioEncoderOptions, EncoderFormat } from './audio-encoder';
import { FlacEncoder } from './flac-encoder';
import { Mp3Encoder } from './mp3/mp3-encoder';
import { WavEncoder } from './wav-encoder';

export function createAudioEncoder(
  format: EncoderFormat,
  options: AudioEncoderOptions,
): Promise<AudioEncoder> {
  switch (format) {
    case 'wav':
      return WavEncoder.create(options);
    case 'mp3':
      return Mp3Encoder.create(options);
    case 'flac':
      return FlacEncoder.create(options);
  }
}
