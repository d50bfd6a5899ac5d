import { describe, expect, it } from 'vitest';
import { parseScript } from '../script/parser';
import { checkTurnLanguages } from '../script/language-check';
import { ESPEAK_LANGUAGE_VOICES } from './espeak-language-voices';
import { ESPEAK_VOICES } from './espeak-voices';
import { voicesFollowingLanguage } from './language-defaults';
import { contentFromScript } from './script-content';
import { voiceKey } from './speaker-defaults';
import { scriptLanguageDiagnostics, withLanguageDiagnostics } from './script-languages';
import type { Speaker } from './project';
import type { VoiceInfo, VoiceRef } from './voice';
import { languageOfVoice, writingSystemsOfLanguage } from './voice-languages';

const espeak = (voice: string): VoiceRef => ({
  engine: 'espeak',
  voice,
  params: { ratePercent: 100, pitchSemitones: 0 },
});
const KOKORO_ZH_UNSUPPORTED: VoiceInfo = {
  engine: 'kokoro',
  model: 'k',
  id: 'zf_xiaoni',
  label: 'Xiaoni — Mandarin Chinese (not supported)',
  language: 'zh',
  unsupported: 'needs Mandarin phonemes',
};
const KOKORO_ZH: VoiceInfo = {
  engine: 'kokoro',
  model: 'k',
  id: 'zf_xiaobei',
  label: 'Xiaobei — Mandarin Chinese',
  language: 'zh',
};
const PIPER_RU: VoiceInfo = {
  engine: 'piper',
  model: 'ru_RU-irina',
  id: 'irina',
  label: 'irina — ru-RU',
  language: 'ru-RU',
};

describe('voice languages', () => {
  it('knows which writing systems a language reads', () => {
    expect(writingSystemsOfLanguage('cmn')).toContain('Han');
    expect(writingSystemsOfLanguage('zh-CN')).toContain('Han');
    expect(writingSystemsOfLanguage('zh-yue')).toContain('Han');
    expect(writingSystemsOfLanguage('ja')).toEqual(['Kana', 'Han']);
    expect(writingSystemsOfLanguage('ru-RU')).toEqual(['Cyrillic']);
    expect(writingSystemsOfLanguage('en-GB-x-rp')).toEqual(['Latin']);
    expect(writingSystemsOfLanguage('fa-Latn')).toEqual(['Latin']);
    expect(writingSystemsOfLanguage('hi')).toEqual(['Devanagari']);
  });

  it('finds a voice language from the catalog, else from an espeak id', () => {
    expect(languageOfVoice(espeak('cmn+f3'))).toBe('cmn');
    expect(languageOfVoice(espeak('en-us+m3'))).toBe('en-US');
    expect(languageOfVoice({ ...espeak('irina'), engine: 'piper', model: 'ru_RU-irina' }, [PIPER_RU])).toBe(
      'ru-RU',
    );
    expect(
      languageOfVoice({ ...espeak('irina'), engine: 'piper', model: 'other' }, [PIPER_RU]),
    ).toBeUndefined();
  });
});

describe('espeak language voices', () => {
  it('offers every language of the build beyond English, each with its BCP 47 tag', () => {
    const byId = new Map(ESPEAK_LANGUAGE_VOICES.map((v) => [v.id, v]));
    for (const [id, tag] of <[string, string][]>[
      ['cmn', 'cmn'],
      ['yue', 'yue'],
      ['ja', 'ja'],
      ['de', 'de'],
      ['fr', 'fr'],
      ['es', 'es'],
      ['hi', 'hi'],
      ['pt-br', 'pt-BR'],
    ])
      expect(byId.get(id)?.language, id).toBe(tag);
    expect(ESPEAK_LANGUAGE_VOICES.length).toBeGreaterThanOrEqual(120);
    expect(ESPEAK_LANGUAGE_VOICES.filter((v) => v.language.startsWith('en'))).toEqual([]);
    expect(byId.has('xex')).toBe(false);
  });
});

describe('turn language check', () => {
  const turn = (line: number, voice: VoiceRef, text: string) => ({ line, speakerName: 'Maya', voice, text });

  it('warns at a Chinese turn of an English voice, naming a voice that would work', () => {
    const warnings = checkTurnLanguages([
      turn(3, espeak('en-us+f2'), 'Hello everyone.'),
      turn(4, espeak('en-us+f2'), '大家好，欢迎收听。'),
      turn(5, espeak('cmn+f3'), '大家好，欢迎收听。'),
      turn(6, espeak('en-us+f2'), 'The word for tea is 茶.'),
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ line: 4, severity: 'warning', excerpt: '大家好，欢迎收听。' });
    expect(warnings[0]?.message).toMatch(
      /Han script, which Maya's voice \(espeak en-us\+f2, language en-US\) cannot speak/,
    );
    expect(warnings[0]?.fix).toBe('give Maya a Mandarin Chinese voice, e.g. espeak cmn+f3');
  });

  it('suggests an installed voice of the language when there is one, and covers other scripts', () => {
    const [warning] = checkTurnLanguages([turn(2, espeak('en-us'), 'Привет, как дела?')], [PIPER_RU]);
    expect(warning?.fix).toBe('give Maya a Russian voice, e.g. irina — ru-RU (piper ru_RU-irina/irina)');
    expect(checkTurnLanguages([turn(2, espeak('de'), 'مرحبا بكم')])[0]?.fix).toMatch(/espeak ar\+f3/);
    expect(checkTurnLanguages([turn(2, espeak('en-us'), 'नमस्ते दुनिया')])[0]?.fix).toMatch(
      /Hindi voice, e.g. espeak hi\+f3/,
    );
  });

  it('does not judge voices whose language it cannot tell', () => {
    const unknown: VoiceRef = {
      engine: 'external',
      voice: 'x',
      params: { ratePercent: 100, pitchSemitones: 0 },
    };
    expect(checkTurnLanguages([turn(1, unknown, '大家好')])).toEqual([]);
  });
});

describe('default voices follow the language of what each speaker says', () => {
  it('gives speakers of mostly-Han turns distinct cmn voices, English speakers English ones', () => {
    const parsed = parseScript(
      '主持人：大家好，今天我们聊 AI。\n林博士：谢谢邀请，我很高兴。\nHost: And in English, hello.\n小雨：我也来了！\n',
    );
    let n = 0;
    const content = contentFromScript(parsed, {
      existingSpeakers: [],
      voices: [...ESPEAK_VOICES],
      defaultGapMs: 350,
      appending: false,
      newId: (prefix) => `${prefix}-${++n}`,
    });
    const voices = Object.fromEntries(content.speakers.map((s) => [s.name, s.voice.voice]));
    expect(voices).toEqual({
      主持人: 'cmn+f3',
      林博士: 'cmn+m3',
      Host: expect.stringMatching(/^en/),
      小雨: 'cmn+f2',
    });
  });

  it('prefers an installed voice for the language and never repeats a voice in use', () => {
    const picked = voicesFollowingLanguage(
      [
        { voice: espeak('en-us+m3'), texts: ['你好。'] },
        { voice: espeak('en-us+f2'), texts: ['再见。'] },
      ],
      [KOKORO_ZH_UNSUPPORTED, KOKORO_ZH],
      [espeak('cmn+f3')],
    );
    expect(picked.map((ref) => voiceKey(ref))).toEqual([
      voiceKey({ engine: 'kokoro', model: 'k', voice: 'zf_xiaobei' }),
      voiceKey(espeak('cmn+m3')),
    ]);
  });
});

describe('language warnings in the script editor', () => {
  const host: Speaker = { id: 's1', name: 'Host', color: '#4fb3ff', voice: espeak('en-us+m3'), gainDb: 0 };

  it('warns at a Chinese line of an existing English speaker, not at a new Chinese speaker', () => {
    const parsed = parseScript('Host: Welcome back.\nHost: 大家好，欢迎回来。\n小雨：大家好！我是小雨。\n');
    const diagnostics = scriptLanguageDiagnostics(parsed, [host], [...ESPEAK_VOICES]);
    expect(diagnostics.map((d) => [d.line, d.severity])).toEqual([[2, 'warning']]);
    expect(diagnostics[0]?.fix).toBe('give Host a Mandarin Chinese voice, e.g. espeak cmn+f3');
    const merged = withLanguageDiagnostics(parsed, [host], [...ESPEAK_VOICES]);
    expect(merged.diagnostics.map((d) => d.line)).toEqual([2]);
    // Nothing to say: the same object back.
    const english = parseScript('Host: Hello.\n');
    expect(withLanguageDiagnostics(english, [host], [])).toBe(english);
  });
});
