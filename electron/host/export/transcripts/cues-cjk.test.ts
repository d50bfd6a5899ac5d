/** Subtitle lines for Chinese and Japanese: widths in columns, breaks between characters. */
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../../shared/text/writing-system';
import { buildCues, splitIntoCueTexts, wrapLines } from './cues';

const ZH =
  '大家好，欢迎收听圆桌夜谈。今天我们聊一个很热门的话题：在自己的电脑上做 text-to-speech，完全不需要联网。';

describe('cues for CJK text', () => {
  it('wraps by display width: a Han character takes two columns', () => {
    const lines = wrapLines(ZH, 42);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(42);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    // Nothing is lost or added: the lines put back together are the text.
    expect(lines.join('').replaceAll(' ', '')).toBe(ZH.replaceAll(' ', ''));
  });

  it('never starts a line with closing punctuation', () => {
    const text = '一二三四五六七八九，一二三四五六七八九。';
    for (const width of [16, 17, 18, 19, 20]) {
      const lines = wrapLines(text, width);
      for (const line of lines) expect(line).not.toMatch(/^[，。]/u);
      expect(lines.join('')).toBe(text);
    }
    expect(wrapLines(text, 20)).toEqual(['一二三四五六七八九，', '一二三四五六七八九。']);
  });

  it('keeps English words whole inside Chinese lines', () => {
    expect(wrapLines('我们用 transformer 模型', 12)).toEqual(['我们用', 'transformer', '模型']);
    expect(wrapLines('用GPU训练', 12)).toEqual(['用GPU训练']);
  });

  it('splits a long turn into cues at 。 and ， with no spaces added', () => {
    const cues = splitIntoCueTexts(ZH, 42, 1);
    expect(cues.join('').replaceAll(' ', '')).toBe(ZH.replaceAll(' ', ''));
    expect(cues.filter((cue) => / [\u4e00-\u9fff]|[\u4e00-\u9fff] [\u4e00-\u9fff]/u.test(cue))).toEqual([]);
    for (const cue of cues) expect(displayWidth(cue)).toBeLessThanOrEqual(42);
    expect(cues[0]).toBe('大家好，欢迎收听圆桌夜谈。');
  });

  it('shares a turn’s time by width and covers it exactly', () => {
    const cues = buildCues([{ speaker: '主持人', text: ZH, startMs: 1000, endMs: 13_000 }]);
    expect(cues[0]?.startMs).toBe(1000);
    expect(cues.at(-1)?.endMs).toBe(13_000);
    for (const cue of cues) for (const line of cue.lines) expect(displayWidth(line)).toBeLessThanOrEqual(42);
  });
});
