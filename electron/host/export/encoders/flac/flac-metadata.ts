/** FLAC metadata blocks: STREAMINFO (patched when the stream ends) and VORBIS_COMMENT (tags, chapters). */
import { formatTimestampMs } from '../../../../../shared/model/time';
import type { EncoderMetadata } from '../audio-encoder';
import { AudioArgumentError } from '../../../audio/audio-errors';
import { BitWriter } from './bit-writer';

export const STREAMINFO_BYTES = 34;
const BLOCK_STREAMINFO = 0;
const BLOCK_VORBIS_COMMENT = 4;

export interface StreamInfo {
  minBlockSize: number;
  maxBlockSize: number;
  /** Smallest and largest frame in bytes (0 = unknown). */
  minFrameBytes: number;
  maxFrameBytes: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  totalSamples: number;
  /** MD5 of the samples as signed little-endian integers, interleaved (16 zero bytes = unknown). */
  md5: Uint8Array;
}

export function metadataBlockHeader(type: number, length: number, isLast: boolean): Buffer {
  const header = Buffer.alloc(4);
  header[0] = (isLast ? 0x80 : 0) | type;
  header.writeUIntBE(length, 1, 3);
  return header;
}

export function buildStreamInfo(info: StreamInfo): Buffer {
  const writer = new BitWriter(64);
  writer.writeBits(info.minBlockSize, 16);
  writer.writeBits(info.maxBlockSize, 16);
  writer.writeBits(info.minFrameBytes, 24);
  writer.writeBits(info.maxFrameBytes, 24);
  writer.writeBits(info.sampleRate, 20);
  writer.writeBits(info.channels - 1, 3);
  writer.writeBits(info.bitsPerSample - 1, 5);
  writer.writeBits(Math.floor(info.totalSamples / 2 ** 32), 4);
  writer.writeBits(info.totalSamples % 2 ** 32, 32);
  const out = Buffer.alloc(STREAMINFO_BYTES);
  out.set(writer.bytes(), 0);
  out.set(info.md5.subarray(0, 16), 18);
  return out;
}

export function streamInfoBlock(info: StreamInfo, isLast: boolean): Buffer {
  return Buffer.concat([
    metadataBlockHeader(BLOCK_STREAMINFO, STREAMINFO_BYTES, isLast),
    buildStreamInfo(info),
  ]);
}

/**
 * Vorbis comments: TITLE, ARTIST, ALBUM, TRACKNUMBER/TRACKTOTAL, and chapters in the CHAPTERxxx / CHAPTERxxxNAME convention
 * (read by ffmpeg and most players that show FLAC chapters).
 */
export function vorbisCommentBlock(
  vendor: string,
  metadata: EncoderMetadata | undefined,
  isLast: boolean,
): Buffer {
  const comments: string[] = [];
  if (metadata?.title) comments.push(`TITLE=${metadata.title}`);
  if (metadata?.artist) comments.push(`ARTIST=${metadata.artist}`);
  if (metadata?.album) comments.push(`ALBUM=${metadata.album}`);
  if (metadata?.track) {
    comments.push(`TRACKNUMBER=${metadata.track.number}`);
    if (metadata.track.total !== undefined) comments.push(`TRACKTOTAL=${metadata.track.total}`);
  }
  (metadata?.chapters ?? []).forEach((chapter, index) => {
    const key = `CHAPTER${String(index + 1).padStart(3, '0')}`;
    comments.push(`${key}=${formatTimestampMs(chapter.startMs, '.')}`);
    comments.push(`${key}NAME=${chapter.title}`);
  });
  const parts: Buffer[] = [];
  const lengthPrefixed = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    parts.push(length, bytes);
  };
  lengthPrefixed(vendor);
  const count = Buffer.alloc(4);
  count.writeUInt32LE(comments.length);
  parts.push(count);
  comments.forEach(lengthPrefixed);
  const body = Buffer.concat(parts);
  return Buffer.concat([metadataBlockHeader(BLOCK_VORBIS_COMMENT, body.length, isLast), body]);
}

const BLOCK_PICTURE = 6;
const MAX_BLOCK_BYTES = 2 ** 24 - 1;

/**
 * A PICTURE block (picture type 3, front cover): type, MIME type, description (empty), width, height,
 * colour depth and palette size (0: unknown, which the format allows), then the image.
 */
export function pictureBlock(artwork: { mimeType: string; data: Uint8Array }, isLast: boolean): Buffer {
  const FRONT_COVER = 3;
  const mime = Buffer.from(artwork.mimeType, 'latin1');
  const head = Buffer.alloc(8 + mime.length + 4 + 16 + 4);
  let at = head.writeUInt32BE(FRONT_COVER, 0);
  at = head.writeUInt32BE(mime.length, at);
  at += mime.copy(head, at);
  at = head.writeUInt32BE(0, at); // description length
  for (let i = 0; i < 4; i++) at = head.writeUInt32BE(0, at); // width, height, depth, colours
  head.writeUInt32BE(artwork.data.length, at);
  const body = Buffer.concat([head, Buffer.from(artwork.data)]);
  if (body.length > MAX_BLOCK_BYTES)
    throw new AudioArgumentError('FLAC artwork must be smaller than 16 MB; use a smaller image.');
  return Buffer.concat([metadataBlockHeader(BLOCK_PICTURE, body.length, isLast), body]);
}
