import { describe, expect, it } from 'vitest';
import {
  KokoroVocabError,
  KOKORO_PAD_ID,
  padKokoroIds,
  parseKokoroVocab,
  tokenizeKokoro,
} from './kokoro-vocab';

const VOCAB = { $: 0, ';': 1, ' ': 16, '.': 4, h: 50, ə: 83, l: 54, ˈ: 156, o: 57, ʊ: 135 };

describe('Kokoro vocabulary', () => {
  it('reads tokenizer.json (model.vocab), config.json (vocab) and tokens.txt', () => {
    const fromTokenizer = parseKokoroVocab(
      JSON.stringify({ model: { type: 'WordLevel', vocab: VOCAB } }),
      'tokenizer.json',
    );
    const fromConfig = parseKokoroVocab(JSON.stringify({ n_token: 178, vocab: VOCAB }), 'config.json');
    const fromLines = parseKokoroVocab(
      '$ 0\n; 1\n  16\n. 4\nh 50\nə 83\nl 54\nˈ 156\no 57\nʊ 135\n',
      'tokens.txt',
    );
    expect(fromTokenizer.get('ʊ')).toBe(135);
    expect([...fromConfig]).toEqual([...fromTokenizer]);
    expect(new Map(fromLines)).toEqual(new Map(fromTokenizer));
    expect(fromLines.get(' ')).toBe(16);
  });

  it('refuses files without a usable vocabulary, saying what it expected', () => {
    expect(() => parseKokoroVocab('{"model": {}}', 'tokenizer.json')).toThrow(/model\.vocab/);
    expect(() => parseKokoroVocab('{"vocab": {"ab": 3}}', 'config.json')).toThrow(KokoroVocabError);
    expect(() => parseKokoroVocab('{"vocab": {"a": -1}}', 'config.json')).toThrow(/non-negative/);
    expect(() => parseKokoroVocab('{not json', 'config.json')).toThrow(/not valid JSON/);
  });

  it('tokenises every codepoint, drops unknown symbols with counts, and pads with id 0 at both ends', () => {
    const vocab = parseKokoroVocab(JSON.stringify({ vocab: VOCAB }), 'config.json');
    const { ids, dropped } = tokenizeKokoro('həlˈoʊ wˈɜːld.', vocab);
    // w, ɜ, ː, d are not in this vocabulary: dropped, not replaced.
    expect(ids).toEqual([50, 83, 54, 156, 57, 135, 16, 156, 54, 4]);
    expect(Object.fromEntries(dropped)).toEqual({ w: 1, ɜ: 1, ː: 1, d: 1 });
    expect(padKokoroIds(ids)).toEqual([KOKORO_PAD_ID, ...ids, KOKORO_PAD_ID]);
    expect(padKokoroIds([])).toEqual([0, 0]);
  });
});
