import { describe, expect, it } from 'vitest';
import { decodeScriptBytes } from './decode-script';
import { parseScript } from './parser';

const LINES = 'Host: It’s a “quoted” line – with dashes.\r\nGuest: Café naïve.\r\n';

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[2 + 2 * i] = littleEndian ? code & 0xff : code >> 8;
    out[3 + 2 * i] = littleEndian ? code >> 8 : code & 0xff;
  }
  return out;
}

describe('decodeScriptBytes', () => {
  it('reads UTF-8, UTF-16 with a byte-order mark, and Windows-1252', () => {
    expect(decodeScriptBytes(new TextEncoder().encode(LINES))).toEqual({ text: LINES, encoding: 'utf-8' });
    expect(decodeScriptBytes(utf16(LINES, true))).toEqual({ text: LINES, encoding: 'utf-16le' });
    expect(decodeScriptBytes(utf16(LINES, false))).toEqual({ text: LINES, encoding: 'utf-16be' });
    // Word's "Plain Text": ’ “ ” – are 0x92 0x93 0x94 0x96, é ï are 0xE9 0xEF.
    const cp1252 = Uint8Array.from(
      [...'Host: It\x92s a \x93quoted\x94 line \x96 with dashes.\r\nGuest: Caf\xe9 na\xefve.\r\n'].map((c) =>
        c.charCodeAt(0),
      ),
    );
    expect(decodeScriptBytes(cp1252)).toEqual({ text: LINES, encoding: 'windows-1252' });
    expect(parseScript(decodeScriptBytes(cp1252).text).diagnostics).toEqual([]);
  });

  it('leaves binary data to the parser, which refuses it', () => {
    const binary = Uint8Array.from({ length: 400 }, (_, i) => (i * 37) % 256);
    const decoded = decodeScriptBytes(binary);
    expect(decoded.encoding).toBe('utf-8');
    expect(parseScript(decoded.text).diagnostics[0]?.severity).toBe('error');
  });
});
