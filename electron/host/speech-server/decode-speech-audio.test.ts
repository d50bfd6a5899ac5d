import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAudioEncoder } from '../export/encoders/create-encoder';
import { wavBytes } from '../../../test-support/fake-speech-server/fake-speech-server';
import { decodeSpeechAudio, sniffFormat } from './decode-speech-audio';

/** One second of a 440 Hz tone at half scale. */
function tone(rate: number, seconds = 1): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / rate),
  );
}

async function encoded(format: 'mp3' | 'flac', samples: Float32Array, rate: number): Promise<Uint8Array> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'decode-'));
  try {
    const file = path.join(dir, `a.${format}`);
    const encoder = await createAudioEncoder(format, { path: file, sampleRate: rate, channels: 1 });
    await encoder.write(samples);
    await encoder.finish();
    return new Uint8Array(await fs.readFile(file));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('decodeSpeechAudio', () => {
  it.each(['pcm16', 'pcm24', 'float32', 'streamed'] as const)('reads %s WAV', async (variant) => {
    const source = tone(22_050);
    const decoded = await decodeSpeechAudio(wavBytes(source, 22_050, variant), 'wav');
    expect(decoded).toMatchObject({ sampleRate: 22_050, format: 'wav' });
    expect(decoded.pcm.length).toBe(source.length);
    expect(decoded.pcm[100]).toBeCloseTo(source[100] ?? 0, 3);
  });

  it('reads a streamed WAV whose sizes are 0', async () => {
    const bytes = wavBytes(tone(16_000), 16_000, 'pcm16');
    bytes.writeUInt32LE(0, 4);
    bytes.writeUInt32LE(0, 40);
    expect((await decodeSpeechAudio(bytes, 'wav')).pcm.length).toBe(16_000);
  });

  it('mixes stereo down and reads WAVE_FORMAT_EXTENSIBLE', async () => {
    const frames = 1000;
    const data = Buffer.alloc(frames * 4);
    for (let i = 0; i < frames; i++) {
      data.writeInt16LE(16384, i * 4);
      data.writeInt16LE(0, i * 4 + 2);
    }
    const fmt = Buffer.alloc(48);
    fmt.write('fmt ', 0, 'ascii');
    fmt.writeUInt32LE(40, 4);
    fmt.writeUInt16LE(0xfffe, 8);
    fmt.writeUInt16LE(2, 10);
    fmt.writeUInt32LE(24_000, 12);
    fmt.writeUInt32LE(96_000, 16);
    fmt.writeUInt16LE(4, 20);
    fmt.writeUInt16LE(16, 22);
    fmt.writeUInt16LE(22, 24);
    fmt.writeUInt16LE(16, 26);
    fmt.writeUInt16LE(1, 32); // sub-format GUID starts with PCM
    const head = Buffer.alloc(12);
    head.write('RIFF', 0, 'ascii');
    head.writeUInt32LE(4 + 48 + 8 + data.length, 4);
    head.write('WAVE', 8, 'ascii');
    const dataHead = Buffer.alloc(8);
    dataHead.write('data', 0, 'ascii');
    dataHead.writeUInt32LE(data.length, 4);
    const decoded = await decodeSpeechAudio(Buffer.concat([head, fmt, dataHead, data]), 'wav');
    expect(decoded.pcm.length).toBe(frames);
    expect(decoded.pcm[5]).toBeCloseTo(0.25, 4);
  });

  it('reads headerless PCM as 24 kHz s16le only when PCM was asked for', async () => {
    const bytes = Buffer.alloc(4800);
    bytes.writeInt16LE(-32768, 0);
    const decoded = await decodeSpeechAudio(bytes, 'pcm');
    expect(decoded).toMatchObject({ sampleRate: 24_000, format: 'pcm' });
    expect(decoded.pcm[0]).toBe(-1);
    await expect(decodeSpeechAudio(bytes, 'wav')).rejects.toThrow(/no audio format it knows, not wav/);
    await expect(decodeSpeechAudio(bytes.subarray(0, 4799), 'pcm')).rejects.toThrow(/odd number of bytes/);
  });

  it('decodes FLAC and MP3 made by the app encoders', async () => {
    const source = tone(24_000);
    const flac = await decodeSpeechAudio(await encoded('flac', source, 24_000), 'flac');
    expect(flac).toMatchObject({ sampleRate: 24_000, format: 'flac' });
    expect(flac.pcm.length).toBe(source.length);
    expect(flac.pcm[1000]).toBeCloseTo(source[1000] ?? 0, 3);
    const mp3 = await decodeSpeechAudio(await encoded('mp3', source, 24_000), 'mp3');
    expect(mp3).toMatchObject({ sampleRate: 24_000, format: 'mp3' });
    expect(Math.abs(mp3.pcm.length - source.length)).toBeLessThan(3000);
  });

  it('says when a FLAC was cut short', async () => {
    const flac = await encoded('flac', tone(24_000, 3), 24_000);
    await expect(decodeSpeechAudio(flac.subarray(0, Math.floor(flac.length / 2)), 'flac')).rejects.toThrow(
      /cut short|damaged/,
    );
  });

  it('refuses what is not audio, saying what it was', async () => {
    await expect(decodeSpeechAudio(Buffer.from('{"error":{"message":"no GPU"}}'), 'wav')).rejects.toThrow(
      /JSON \("\{"error":\{"message":"no GPU"\}\}"\)/,
    );
    await expect(decodeSpeechAudio(Buffer.from('OggS\0\0\0\0'), 'wav')).rejects.toThrow(/opus/);
    await expect(decodeSpeechAudio(new Uint8Array(), 'wav')).rejects.toThrow(/empty body/);
    const cut = wavBytes(tone(8000), 8000, 'pcm16').subarray(0, 2000);
    await expect(decodeSpeechAudio(cut, 'wav')).rejects.toThrow(
      /cut short: its header announces 16000 bytes of audio, 1956 arrived/,
    );
    const nan = wavBytes(Float32Array.from([0.1, Number.NaN, 0.2]), 8000, 'float32');
    await expect(decodeSpeechAudio(nan, 'wav')).rejects.toThrow(/non-finite samples .* from sample 1/);
  });

  it('sniffs containers by their first bytes', () => {
    expect(sniffFormat(Buffer.from('fLaC....'))).toBe('flac');
    expect(sniffFormat(Buffer.from('ID3\x04'))).toBe('mp3');
    expect(sniffFormat(Buffer.from('<html>'))).toBe('text');
  });
});
