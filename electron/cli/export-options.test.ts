import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputWritable, exportOptionsFromFlags } from './export-options';

describe('exportOptionsFromFlags', () => {
  it('reads the format from the file name and the rest from the flags', () => {
    const { basePath, options, notes } = exportOptionsFromFlags({
      output: '/tmp/show/episode.FLAC',
      'bit-depth': '24',
      'sample-rate': '48000',
      loudness: '-18',
    });
    expect(basePath).toBe('/tmp/show/episode');
    expect(options).toMatchObject({ format: 'flac', bitDepth: 24, sampleRate: 48_000, loudnessLufs: -18 });
    expect(notes).toEqual([]);
  });

  it('notes flags that do not apply to the chosen format instead of ignoring them silently', () => {
    expect(exportOptionsFromFlags({ output: 'e.mp3', 'bit-depth': '24' }).notes).toEqual([
      '--bit-depth applies to WAV and FLAC; "e.mp3" is an MP3 (see --bitrate)',
    ]);
    expect(exportOptionsFromFlags({ output: 'e.wav', bitrate: '192' }).notes).toEqual([
      '--bitrate applies to MP3; "e.wav" is lossless (see --bit-depth)',
    ]);
    expect(exportOptionsFromFlags({ output: 'e.mp3', bitrate: '192' }).notes).toEqual([]);
  });

  it('defaults the MP3 bit rate by the one rule the studio uses too: 128 kbps mono, 192 stereo', () => {
    expect(exportOptionsFromFlags({ output: 'e.mp3' }).options.mp3BitrateKbps).toBe(128);
    expect(exportOptionsFromFlags({ output: 'e.mp3', channels: '2' }).options.mp3BitrateKbps).toBe(192);
    expect(
      exportOptionsFromFlags({ output: 'e.mp3', channels: '2', bitrate: '96' }).options.mp3BitrateKbps,
    ).toBe(96);
  });

  it('refuses what cannot be written, naming the flag and what it takes', () => {
    expect(() => exportOptionsFromFlags({ output: 'e.ogg' })).toThrow(/must end in \.wav, \.mp3 or \.flac/);
    expect(() => exportOptionsFromFlags({ output: 'e.wav', channels: '3' })).toThrow(
      /--channels 3: channels are 1 \(mono\) or 2 \(stereo\)/,
    );
    expect(() => exportOptionsFromFlags({ output: 'e.wav', loudness: 'loud' })).toThrow(
      /--loudness takes a LUFS value/,
    );
  });
});

describe('checkOutputWritable', () => {
  it('is not blocked by a probe a killed run left (a probe named by the pid alone was), and leaves none', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-output-check-'));
    try {
      const output = path.join(dir, 'ep.wav');
      fs.writeFileSync(`${output}.write-check-${process.pid}`, '');
      await checkOutputWritable(output);
      expect(fs.readdirSync(dir)).toEqual([`ep.wav.write-check-${process.pid}`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
