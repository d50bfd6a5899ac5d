/**
 * The streaming encoder interface every export format implements. An encoder writes to a temp file of
 * its own beside `path` (files/temp-files.ts) and renames it to `path` in finish(), so a cancelled or crashed export never leaves a
 * truncated file under the real name; abort() removes the partial file.
 */
import type { TimedChapter } from './chapters';

export type EncoderFormat = 'wav' | 'mp3' | 'flac';

export interface EncoderMetadata {
  title?: string;
  artist?: string;
  album?: string;
  /** Position in a set (the files of an export split by chapter): MP3 TRCK `n/N`, FLAC TRACKNUMBER/TRACKTOTAL. */
  track?: { number: number; total?: number };
  /** Cover art (MP3: ID3 APIC, front cover; FLAC: a PICTURE block). */
  artwork?: { mimeType: 'image/png' | 'image/jpeg'; data: Uint8Array };
  /** Chapter marks with ends, integer ms (MP3: ID3 CHAP/CTOC; FLAC: CHAPTERxxx comments). */
  chapters?: readonly TimedChapter[];
}

export interface AudioEncoderOptions {
  path: string;
  sampleRate: number;
  channels: 1 | 2;
  /** WAV and FLAC sample size (default 16). */
  bitDepth?: 16 | 24;
  /** MP3 constant bit rate (default 128). */
  mp3BitrateKbps?: number;
  /** TPDF dither when reducing to 16 bits (default off, so output is deterministic). */
  dither?: boolean;
  metadata?: EncoderMetadata;
  /** The finished file's expected size, said when the disk is full. */
  expectedBytes?: number;
}

export interface EncodedFile {
  path: string;
  format: EncoderFormat;
  sampleRate: number;
  channels: 1 | 2;
  /** Frames encoded (per channel). */
  durationSamples: number;
  /** Size of the finished file. */
  bytes: number;
}

export interface AudioEncoder {
  readonly format: EncoderFormat;
  readonly path: string;
  readonly sampleRate: number;
  readonly channels: 1 | 2;
  /** Frames accepted so far. */
  readonly durationSamples: number;
  /** Encodes interleaved float samples in [-1, 1]. Await each call before the next. */
  write(interleaved: Float32Array): Promise<void>;
  /** Completes the file and gives it its real name. */
  finish(): Promise<EncodedFile>;
  /** Stops and deletes the partial file; safe to call at any time, also twice. */
  abort(): Promise<void>;
}

export const ENCODER_FILE_EXTENSIONS: Readonly<Record<EncoderFormat, string>> = {
  wav: '.wav',
  mp3: '.mp3',
  flac: '.flac',
};
