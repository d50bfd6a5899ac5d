import { describe, expect, it } from 'vitest';
import { verifyChunk } from './pcm-checks';

const RATE = 22_050;

/** A tone of `ms` milliseconds: audible, of the given length. */
function tone(ms: number): Float32Array {
  const pcm = new Float32Array(Math.round((ms * RATE) / 1000));
  for (let i = 0; i < pcm.length; i++) pcm[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / RATE);
  return pcm;
}

describe('verifyChunk', () => {
  it('accepts Mandarin spoken at a syllable per character (it was "too long for 12 characters")', () => {
    // 12 Han characters spoken by a Mandarin voice take about 2-8 s.
    const text = '大家好，欢迎收听圆桌夜谈吧。'; // 12 characters
    expect(verifyChunk(tone(7908), RATE, text, 100)).toEqual({ ok: true });
    expect(verifyChunk(tone(2500), RATE, text, 100)).toEqual({ ok: true });
  });

  it('keeps the Latin bound: 7.9 s is too long for 12 letters', () => {
    const verdict = verifyChunk(tone(7908), RATE, 'Hello there!', 100);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(/^7908 ms of audio is too long for 10 characters/);
  });

  it('refuses CJK audio too short or far too long for its characters', () => {
    const text = '今天天气很好我们去公园散步'; // 13 characters
    expect(verifyChunk(tone(300), RATE, text, 100)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too short for 13 characters/),
    });
    expect(verifyChunk(tone(16_000), RATE, text, 100)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too long for 13 characters/),
    });
  });

  it('sums mixed text per script and scales by the speaking rate', () => {
    // 3 Han (max 2700 ms) + 3 Latin (max 1200 ms) + 3000 ms slack = 6900 ms at normal rate.
    expect(verifyChunk(tone(6800), RATE, '我们用GPU', 100).ok).toBe(true);
    expect(verifyChunk(tone(7000), RATE, '我们用GPU', 100).ok).toBe(false);
    expect(verifyChunk(tone(7000), RATE, '我们用GPU', 50).ok).toBe(true);
  });

  it('refuses silence', () => {
    expect(verifyChunk(new Float32Array(RATE), RATE, '你好', 100)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/silence/),
    });
  });
});
