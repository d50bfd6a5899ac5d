import { describe, expect, it } from 'vitest';
import {
  PiperConfigError,
  parsePiperConfig,
  piperLanguage,
  piperScales,
  piperSpeakers,
} from './piper-config';
import { piperVoiceInfos } from './piper-voice-info';

const BASE = {
  audio: { sample_rate: 22050, quality: 'medium' },
  espeak: { voice: 'en-gb' },
  language: { code: 'en_GB' },
  inference: { noise_scale: 0.5, length_scale: 1.2, noise_w: 0.9 },
  phoneme_id_map: { _: [0], '^': [1], $: [2], a: [14] },
  num_speakers: 1,
  dataset: 'alan',
};

describe('Piper voice config', () => {
  it('reads sample rate, language, scales and keeps unknown fields', () => {
    const config = parsePiperConfig(JSON.stringify({ ...BASE, piper_version: '1.0.0' }), 'x.onnx.json');
    expect(config.audio.sample_rate).toBe(22050);
    expect(piperLanguage(config)).toBe('en-gb');
    expect((config as Record<string, unknown>).piper_version).toBe('1.0.0');
    expect(piperVoiceInfos(config, 'en_GB-alan-medium')).toEqual([
      {
        engine: 'piper',
        model: 'en_GB-alan-medium',
        id: 'default',
        label: 'alan — en-GB (medium)',
        language: 'en-GB',
      },
    ]);
  });

  it('maps the speaking rate onto length_scale: 100 % keeps the config value, 200 % halves it', () => {
    const config = parsePiperConfig(JSON.stringify(BASE), 'x.onnx.json');
    expect(piperScales(config, 100)).toEqual({ noiseScale: 0.5, lengthScale: 1.2, noiseW: 0.9 });
    expect(piperScales(config, 200).lengthScale).toBeCloseTo(0.6);
    const bare = parsePiperConfig(JSON.stringify({ ...BASE, inference: undefined }), 'x.onnx.json');
    expect(piperScales(bare, 50)).toEqual({ noiseScale: 0.667, lengthScale: 2, noiseW: 0.8 });
  });

  it('lists speakers by speaker_id_map index, or by number when unnamed', () => {
    const named = parsePiperConfig(
      JSON.stringify({ ...BASE, num_speakers: 3, speaker_id_map: { c: 2, a: 0, b: 1 } }),
      'x',
    );
    expect(piperSpeakers(named)).toEqual([
      { id: 'a', index: 0 },
      { id: 'b', index: 1 },
      { id: 'c', index: 2 },
    ]);
    const unnamed = parsePiperConfig(JSON.stringify({ ...BASE, num_speakers: 2 }), 'x');
    expect(piperSpeakers(unnamed).map((speaker) => speaker.id)).toEqual(['0', '1']);
    expect(piperSpeakers(parsePiperConfig(JSON.stringify(BASE), 'x'))).toEqual([
      { id: 'default', index: undefined },
    ]);
  });

  it('refuses configs the engine cannot use, naming the field', () => {
    expect(() => parsePiperConfig('{', 'v.onnx.json')).toThrow(/not valid JSON/);
    expect(() => parsePiperConfig(JSON.stringify({ ...BASE, audio: {} }), 'v.onnx.json')).toThrow(
      /audio\.sample_rate/,
    );
    for (const rate of [7, 1e9, 22050.5]) {
      expect(() =>
        parsePiperConfig(JSON.stringify({ ...BASE, audio: { sample_rate: rate } }), 'v.onnx.json'),
      ).toThrow(
        'v.onnx.json is not a Piper voice config: audio.sample_rate: must be a whole number of Hz from 8000 to 192000 (Piper voices use 16000 or 22050)',
      );
    }
    expect(() => parsePiperConfig(JSON.stringify({ ...BASE, num_speakers: 1e9 }), 'v.onnx.json')).toThrow(
      'v.onnx.json is not a Piper voice config: num_speakers: must be at most 10000 (the largest published Piper voices have about 900 speakers)',
    );
    const noPad = { ...BASE, phoneme_id_map: { '^': [1], $: [2] } };
    expect(() => parsePiperConfig(JSON.stringify(noPad), 'v.onnx.json')).toThrow(PiperConfigError);
    expect(() =>
      parsePiperConfig(JSON.stringify({ ...BASE, phoneme_type: 'pinyin' }), 'v.onnx.json'),
    ).toThrow(/pinyin/);
  });
});
