import { describe, expect, it } from 'vitest';
import {
  displayWidth,
  mostlyWrittenIn,
  plausibleSpeechMs,
  writingSystemMix,
  writingSystemOf,
} from './writing-system';

describe('writing systems', () => {
  it('classifies letters by Unicode script and leaves digits and punctuation out', () => {
    const cases: [string, string | undefined][] = [
      ['a', 'Latin'],
      ['é', 'Latin'],
      ['中', 'Han'],
      ['あ', 'Kana'],
      ['ア', 'Kana'],
      ['한', 'Hangul'],
      ['ж', 'Cyrillic'],
      ['Ω', 'Greek'],
      ['ع', 'Arabic'],
      ['ש', 'Hebrew'],
      ['ह', 'Devanagari'],
      ['ไ', 'Thai'],
      ['ა', 'Georgian'],
      ['1', undefined],
      ['。', undefined],
      ['，', undefined],
      ['😀', undefined],
    ];
    for (const [char, system] of cases) expect(writingSystemOf(char), char).toBe(system);
  });

  it('weighs characters by speaking time: Mandarin with English terms is mostly Han', () => {
    expect(mostlyWrittenIn('我们用 GPU 训练 transformer 模型。')).toBe('Han');
    expect(mostlyWrittenIn('Hello, how are you today?')).toBe('Latin');
    expect(mostlyWrittenIn('Привет, как дела?')).toBe('Cyrillic');
    expect(mostlyWrittenIn('これはペンです。')).toBe('Kana');
    // Kanji with kana is Japanese, not Chinese.
    expect(mostlyWrittenIn('日本語を話します。')).toBe('Kana');
    expect(mostlyWrittenIn('안녕하세요')).toBe('Hangul');
    expect(mostlyWrittenIn('123, 456!')).toBeUndefined();
    // An English sentence naming one Chinese word is still English.
    expect(mostlyWrittenIn('The word for tea is 茶, and it is everywhere.')).toBe('Latin');
    expect(writingSystemMix('ab中').counts).toEqual({ Latin: 2, Han: 1 });
  });

  it('bounds speech per script: a CJK character is a syllable, a Latin letter much less', () => {
    const han = plausibleSpeechMs('今天天气很好，我们去公园。');
    expect(han.spokenChars).toBe(11);
    expect(han.maxMs).toBe(11 * 900);
    expect(han.minMs).toBe(11 * 60);
    const latin = plausibleSpeechMs('Hello there!');
    expect(latin).toEqual({ spokenChars: 10, minMs: 250, maxMs: 4000 });
  });

  // Widths from Python's unicodedata.east_asian_width (Unicode 14): W and F take 2 columns; Mn takes 0.
  it('measures display width as terminals and subtitle renderers do', () => {
    const table: [string, number][] = [
      ['a', 1],
      ['Z', 1],
      ['é', 1], // A (ambiguous): narrow outside East Asian contexts
      ['ñ', 1],
      ['中', 2],
      ['。', 2],
      ['，', 2],
      ['、', 2],
      ['！', 2],
      ['？', 2],
      ['；', 2],
      ['：', 2],
      ['．', 2],
      ['（', 2],
      ['Ａ', 2],
      ['１', 2],
      ['ｱ', 1], // H (halfwidth katakana)
      ['あ', 2],
      ['ア', 2],
      ['ー', 2],
      ['〜', 2],
      ['ㄅ', 2],
      ['㈱', 2],
      ['한', 2],
      ['글', 2],
      ['Ω', 1],
      ['ж', 1],
      ['ไ', 1],
      ['्', 0], // Mn
      ['😀', 2],
      ['─', 1],
      ['※', 1],
      ['①', 1],
      ['𠀋', 2],
      ['\u00ad', 0], // soft hyphen (Cf)
    ];
    for (const [char, width] of table)
      expect(displayWidth(char), `U+${char.codePointAt(0)?.toString(16)}`).toBe(width);
    expect(displayWidth('GPU 和 CPU')).toBe(10);
    expect(displayWidth('hello world')).toBe(11);
    expect(displayWidth('')).toBe(0);
  });
});
