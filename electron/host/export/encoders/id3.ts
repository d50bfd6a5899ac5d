/**
 * ID3v2.3 tag writer for MP3 exports: title (TIT2), artist (TPE1), album (TALB), track (TRCK), encoder (TSSE),
 * cover art (APIC, picture type 3 "front cover"), and
 * podcast chapters after the ID3v2 Chapter Frame Addendum: one CHAP frame per chapter (start/end in ms,
 * with its own TIT2) and a top-level, ordered CTOC frame listing them. Text is ISO-8859-1 when it fits,
 * UTF-16 with a byte-order mark otherwise (the two encodings v2.3 allows).
 */
import { AudioArgumentError } from '../../audio/audio-errors';
import { validateChapters } from './chapters';
import type { TimedChapter } from './chapters';

export interface Id3Tags {
  title?: string;
  artist?: string;
  album?: string;
  /** TRCK, `n/N` (or `n`). */
  track?: { number: number; total?: number };
  artwork?: { mimeType: string; data: Uint8Array };
  /** Software that made the file (TSSE). */
  encoder?: string;
  chapters?: readonly TimedChapter[];
}

const HEADER_BYTES = 10;
/** The CTOC entry count is one byte. */
export const MAX_ID3_CHAPTERS = 255;
const NO_OFFSET = 0xffff_ffff;

function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Encoding byte and text, without terminator. */
function encodeText(text: string): Buffer {
  if (isLatin1(text)) return Buffer.concat([Buffer.from([0]), Buffer.from(text, 'latin1')]);
  return Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

function frame(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(id, 0, 'latin1');
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function textFrame(id: string, text: string): Buffer {
  return frame(id, encodeText(text));
}

function syncsafe(value: number): Buffer {
  if (value >= 1 << 28) {
    throw new AudioArgumentError(
      'The ID3 tag would be larger than 256 MB; use fewer or shorter chapter titles.',
    );
  }
  return Buffer.from([(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f]);
}

function chapterFrame(elementId: string, chapter: TimedChapter): Buffer {
  const times = Buffer.alloc(16);
  times.writeUInt32BE(chapter.startMs, 0);
  times.writeUInt32BE(chapter.endMs, 4);
  times.writeUInt32BE(NO_OFFSET, 8);
  times.writeUInt32BE(NO_OFFSET, 12);
  return frame(
    'CHAP',
    Buffer.concat([Buffer.from(`${elementId}\0`, 'latin1'), times, textFrame('TIT2', chapter.title)]),
  );
}

/** APIC: text encoding, MIME type, picture type (3: front cover), empty description, the image. */
function pictureFrame(artwork: { mimeType: string; data: Uint8Array }): Buffer {
  const FRONT_COVER = 3;
  return frame(
    'APIC',
    Buffer.concat([
      Buffer.from([0]),
      Buffer.from(`${artwork.mimeType}\0`, 'latin1'),
      Buffer.from([FRONT_COVER, 0]),
      Buffer.from(artwork.data),
    ]),
  );
}

function tableOfContents(elementIds: readonly string[]): Buffer {
  const TOP_LEVEL = 0x02;
  const ORDERED = 0x01;
  return frame(
    'CTOC',
    Buffer.concat([
      Buffer.from('toc\0', 'latin1'),
      Buffer.from([TOP_LEVEL | ORDERED, elementIds.length]),
      ...elementIds.map((id) => Buffer.from(`${id}\0`, 'latin1')),
    ]),
  );
}

/** The complete tag, ready to go in front of the first MP3 frame. */
export function buildId3v2Tag(tags: Id3Tags): Buffer {
  const frames: Buffer[] = [];
  if (tags.title !== undefined && tags.title !== '') frames.push(textFrame('TIT2', tags.title));
  if (tags.artist !== undefined && tags.artist !== '') frames.push(textFrame('TPE1', tags.artist));
  if (tags.album !== undefined && tags.album !== '') frames.push(textFrame('TALB', tags.album));
  if (tags.track)
    frames.push(
      textFrame(
        'TRCK',
        `${tags.track.number}${tags.track.total === undefined ? '' : `/${tags.track.total}`}`,
      ),
    );
  if (tags.encoder !== undefined && tags.encoder !== '') frames.push(textFrame('TSSE', tags.encoder));
  if (tags.artwork) frames.push(pictureFrame(tags.artwork));
  const chapters = tags.chapters ?? [];
  if (chapters.length > MAX_ID3_CHAPTERS) {
    throw new AudioArgumentError(
      `An MP3 chapter list holds at most ${MAX_ID3_CHAPTERS} chapters; this episode has ${chapters.length}. Merge some chapters or split the export by chapter.`,
    );
  }
  if (chapters.length > 0) {
    validateChapters(chapters);
    const ids = chapters.map((_, index) => `chp${index}`);
    frames.push(tableOfContents(ids));
    chapters.forEach((chapter, index) => frames.push(chapterFrame(ids[index] as string, chapter)));
  }
  const body = Buffer.concat(frames);
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('ID3', 0, 'latin1');
  header[3] = 3; // version 2.3.0
  header[4] = 0;
  header[5] = 0; // no unsynchronisation, extended header or experimental flag
  syncsafe(body.length).copy(header, 6);
  return Buffer.concat([header, body]);
}
