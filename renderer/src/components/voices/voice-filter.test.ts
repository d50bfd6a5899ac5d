import { describe, expect, it } from 'vitest';
import type { VoiceInfo } from '../../../../shared/model/voice';
import {
  favouriteKeys,
  filterVoices,
  languageChoices,
  NO_FILTER,
  primaryLanguage,
  voiceName,
} from './voice-filter';

const voices: VoiceInfo[] = [
  { engine: 'espeak', id: 'en-us+m3', label: 'Avery — US, low male', language: 'en-US', gender: 'male' },
  { engine: 'espeak', id: 'cmn+f3', label: 'Mei — Mandarin, female', language: 'cmn', gender: 'female' },
  { engine: 'kokoro', model: 'K', id: 'af_heart', label: 'Heart', language: 'en-US', gender: 'female' },
  { engine: 'piper', model: 'P', id: 'alice', label: 'alice', language: 'en-GB' },
  { engine: 'espeak', id: 'yue', label: 'Cantonese', language: 'zh-yue' },
];

describe('the voice picker list', () => {
  it('filters by language (primary subtag), engine, gender and search words', () => {
    const none = new Set<string>();
    const ids = (list: VoiceInfo[]) => list.map((voice) => voice.id);
    expect(ids(filterVoices(voices, { ...NO_FILTER, language: 'en' }, none))).toEqual([
      'en-us+m3',
      'af_heart',
      'alice',
    ]);
    expect(ids(filterVoices(voices, { ...NO_FILTER, engine: 'kokoro' }, none))).toEqual(['af_heart']);
    expect(ids(filterVoices(voices, { ...NO_FILTER, gender: 'female' }, none))).toEqual([
      'cmn+f3',
      'af_heart',
    ]);
    expect(ids(filterVoices(voices, { ...NO_FILTER, search: 'mandarin FEMALE' }, none))).toEqual(['cmn+f3']);
    expect(ids(filterVoices(voices, { ...NO_FILTER, search: 'piper' }, none))).toEqual(['alice']);
  });

  it('puts favourites first and can show only them', () => {
    const stars = favouriteKeys([{ engine: 'piper', model: 'P', voice: 'alice' }]);
    expect(filterVoices(voices, NO_FILTER, stars)[0]?.id).toBe('alice');
    expect(filterVoices(voices, { ...NO_FILTER, favouritesOnly: true }, stars).map((v) => v.id)).toEqual([
      'alice',
    ]);
  });

  it('names languages and keeps Cantonese apart from Mandarin', () => {
    expect(primaryLanguage('en-GB-x-rp')).toBe('en');
    expect(primaryLanguage('zh-yue')).toBe('yue');
    const choices = languageChoices(voices);
    expect(choices.find((choice) => choice.tag === 'en')).toMatchObject({ name: 'English', count: 3 });
    expect(choices.map((choice) => choice.tag).sort()).toEqual(['cmn', 'en', 'yue']);
  });

  it("splits a label into the name and the voice's character", () => {
    expect(voiceName(voices[0] as VoiceInfo)).toEqual({ name: 'Avery', character: 'US, low male' });
    expect(voiceName(voices[2] as VoiceInfo)).toEqual({ name: 'Heart', character: '' });
  });
});
