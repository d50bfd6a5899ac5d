/**
 * Script files as bytes to text. UTF-8 (with or without BOM) is the norm; files Windows tools commonly
 * write are read too: UTF-16 with its byte-order mark (Notepad's "Unicode"), and Windows-1252 (Word's
 * "Plain Text" on Western systems: curly quotes and dashes in bytes 0x80–0x9F that are not valid UTF-8).
 * Anything else with NUL bytes is left to the parser's binary check, which says what to do.
 */

/** The WHATWG TextDecoder of Node and every browser (shared/ compiles without DOM or Node types). */
declare const TextDecoder: new (
  label?: string,
  options?: { fatal?: boolean },
) => { decode(input: Uint8Array): string };

export type ScriptEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedScript {
  text: string;
  encoding: ScriptEncoding;
}

/** Human name of an encoding other than UTF-8, for the note that says how a file was read. */
export const ENCODING_NAMES: Readonly<Record<ScriptEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252',
};

export function decodeScriptBytes(bytes: Uint8Array): DecodedScript {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8. Text in a single-byte code page has no NUL bytes; binary data usually does.
    if (!bytes.includes(0)) return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
}

/**
 * Windows-1252 by its table (Node's TextDecoder reads this label as Latin-1, which turns curly quotes into
 * C1 control characters): 0x80–0x9F are the code page's own characters, every other byte is Latin-1.
 * The five bytes the code page leaves undefined keep their C1 code points, as the WHATWG decoder does.
 */
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (byte) =>
      byte >= 0x80 && byte <= 0x9f ? (CP1252_80_9F[byte - 0x80] as number) : byte,
    );
    text += String.fromCharCode(...codes);
  }
  return text;
}
