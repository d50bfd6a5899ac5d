import { describe, expect, it } from 'vitest';
import { KokoroVoiceFormatError, styleRow, voiceFromRaw } from './kokoro-voices';

function rawVoice(rows: number): Buffer {
  const values = new Float32Array(rows * 256);
  for (let r = 0; r < rows; r++) values.fill(r, r * 256, (r + 1) * 256);
  return Buffer.from(values.buffer);
}

describe('Kokoro voices', () => {
  it('reads a raw float32 [510,1,256] .bin voice', () => {
    const voice = voiceFromRaw('af_x', rawVoice(510));
    expect(voice.rows).toBe(510);
    expect(voice.data.length).toBe(510 * 256);
  });

  it('picks the style row by token count (pads not counted), clamped to the last row (509)', () => {
    const voice = voiceFromRaw('af_x', rawVoice(510));
    expect(styleRow(voice, 0)[0]).toBe(0);
    expect(styleRow(voice, 12)[0]).toBe(12);
    expect(styleRow(voice, 509)[255]).toBe(509);
    expect(styleRow(voice, 510)[0]).toBe(509);
    expect(styleRow(voice, 10_000)).toHaveLength(256);
  });

  it('refuses files that are not whole style rows, or an .npz passed as a single voice', () => {
    expect(() => voiceFromRaw('af_x', Buffer.alloc(1000))).toThrow(KokoroVoiceFormatError);
    expect(() => voiceFromRaw('af_x', Buffer.alloc(0))).toThrow(/whole number of 256-float style rows/);
    expect(() => voiceFromRaw('af_x', Buffer.from('PK\x03\x04rest-of-zip'))).toThrow(/npz/);
  });
});
