import { describe, expect, it } from 'vitest';
import { piperPhonemeIds, piperPhonemes } from './piper-phoneme-ids';

// Ids as in a published voice config: _ 0, ^ 1, $ 2, space 3, ...
const MAP = {
  _: [0],
  '^': [1],
  $: [2],
  ' ': [3],
  '.': [10],
  h: [20],
  ə: [59],
  l: [24],
  ˈ: [120],
  o: [27],
  ʊ: [100],
  ɔ: [54],
  '\u0303': [141],
};

describe('Piper phoneme ids', () => {
  it('interleaves the pad exactly as piper does: ^ _ p₁ _ p₂ _ … pₙ _ $', () => {
    const { ids, missing } = piperPhonemeIds(piperPhonemes('həlˈoʊ.'), MAP);
    expect(ids).toEqual([1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 10, 0, 2]);
    expect(missing.size).toBe(0);
    expect(piperPhonemeIds([], MAP).ids).toEqual([1, 0, 2]);
  });

  it('splits the NFD form into codepoints: a combining mark is its own phoneme', () => {
    expect(piperPhonemes('ɔ̃')).toEqual(['ɔ', '\u0303']);
    expect(piperPhonemes('é')).toEqual(['e', '\u0301']);
    expect(piperPhonemeIds(piperPhonemes('ɔ̃'), MAP).ids).toEqual([1, 0, 54, 0, 141, 0, 2]);
  });

  it('skips phonemes missing from the map (no pad for them) and counts them', () => {
    const { ids, missing } = piperPhonemeIds(piperPhonemes('hɚlɚ'), MAP);
    expect(ids).toEqual([1, 0, 20, 0, 24, 0, 2]);
    expect(Object.fromEntries(missing)).toEqual({ ɚ: 2 });
  });

  it('applies the config phoneme_map before looking ids up', () => {
    const { ids } = piperPhonemeIds(['ɚ'], MAP, { ɚ: ['ə', 'l'] });
    expect(ids).toEqual([1, 0, 59, 0, 24, 0, 2]);
  });
});
