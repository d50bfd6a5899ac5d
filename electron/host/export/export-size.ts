/**
 * How much disk an export takes, known before it starts (durations, rate, bit depth or bit rate), so that
 * an export the disk cannot hold is refused before anything is written rather than failing half-way.
 */
import type { ExportOptions } from '../../../shared/api/studio-api';
import type { SpoolBitDepth } from './spool-format';
import { spoolBytes } from './spool-format';

/** The spool keeps the export's bit depth (MP3: 16 bits, what its encoder takes). */
export function spoolBitDepth(options: Pick<ExportOptions, 'format' | 'bitDepth'>): SpoolBitDepth {
  return options.format === 'mp3' ? 16 : options.bitDepth;
}

/** Room for tags, chapters and a FLAC stream's frame headers. */
const CONTAINER_MARGIN_BYTES = 256 * 1024;

/** An upper bound of the audio files' size (all chapter files together). */
export function audioBytes(options: ExportOptions, frames: number): number {
  if (options.format === 'mp3') {
    const seconds = frames / options.sampleRate;
    return Math.ceil((seconds * options.mp3BitrateKbps * 1000) / 8) + CONTAINER_MARGIN_BYTES;
  }
  const pcm = frames * options.channels * (options.bitDepth / 8);
  // FLAC never needs much more than the PCM it holds (verbatim frames where nothing compresses).
  return (options.format === 'flac' ? Math.ceil(pcm * 1.01) : pcm) + CONTAINER_MARGIN_BYTES;
}

/** The disk an export needs at its peak: the spool (unless recorded already), the audio, the text files. */
export function exportBytes(
  options: ExportOptions,
  frames: number,
  transcriptChars: number,
  withSpool: boolean,
): number {
  const spool = withSpool ? spoolBytes(frames * options.channels, spoolBitDepth(options)) : 0;
  // Four transcript formats and per-chapter captions, UTF-8 and markup: generously 16 bytes a character.
  return spool + audioBytes(options, frames) + transcriptChars * 16 + 64 * 1024;
}
