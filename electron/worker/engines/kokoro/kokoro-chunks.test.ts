import { describe, expect, it } from 'vitest';
import { chunkKokoroPhonemes } from './kokoro-chunks';

const vocab = new Map([...' abcdefghijklmnopqrstuvwxyz.'].map((symbol, id) => [symbol, id + 1]));

describe('chunkKokoroPhonemes', () => {
  it('packs whole sentences together while they fit, joined by a space', () => {
    const { chunks } = chunkKokoroPhonemes(['ab.', 'cd.', 'efgh.'], vocab, 8);
    expect(chunks.map((ids) => ids.length)).toEqual([7, 5]);
    expect(chunks[0]).toEqual([2, 3, 28, 1, 4, 5, 28]);
  });

  it('cuts a sentence over the limit at word boundaries, and a single long word at the limit', () => {
    const { chunks } = chunkKokoroPhonemes(['aaa bbb ccc ddddddddddd'], vocab, 8);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(8);
    expect(chunks).toEqual([
      [2, 2, 2, 1, 3, 3, 3],
      [4, 4, 4],
      [5, 5, 5, 5, 5, 5, 5, 5],
      [5, 5, 5],
    ]);
  });

  it('keeps every chunk within 510 tokens by default and loses no symbol but the cut spaces', () => {
    const sentence = Array.from({ length: 300 }, () => 'abc').join(' ');
    const { chunks } = chunkKokoroPhonemes([sentence], vocab);
    expect(chunks.every((chunk) => chunk.length <= 510 && chunk.length > 0)).toBe(true);
    const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    expect(total).toBe(300 * 3 + 299 - (chunks.length - 1));
  });

  it('reports symbols missing from the vocabulary', () => {
    const { chunks, dropped } = chunkKokoroPhonemes(['ab?ɜ'], vocab);
    expect(chunks).toEqual([[2, 3]]);
    expect(Object.fromEntries(dropped)).toEqual({ '?': 1, ɜ: 1 });
  });
});
