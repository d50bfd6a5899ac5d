/**
 * The byte-level BPE tokenizer against a tokenizer.json written here with a handful of merges, and ids
 * worked out by hand from the GPT-2 rules (the pattern's pieces, the byte alphabet, lowest rank first):
 * no implementation produced the expected values.
 */
import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe-tokenizer';

// 'Ġ' is GPT-2's character for the space byte (0x20 is the 33rd unprintable byte: U+0100 + 32).
const VOCAB = {
  h: 0,
  e: 1,
  l: 2,
  o: 3,
  w: 4,
  r: 5,
  d: 6,
  Ġ: 7,
  ',': 8,
  '!': 9,
  "'": 10,
  s: 11,
  Ã: 12, // é is C3 A9 in UTF-8; both bytes print as themselves
  '©': 13,
  he: 14,
  ll: 15,
  hell: 16,
  hello: 17,
  Ġw: 18,
  or: 19,
  Ġwor: 20,
  Ġworl: 21,
  '4': 22,
  '2': 23,
};
const MERGES = ['h e', 'l l', 'he ll', 'hell o', 'Ġ w', 'o r', 'Ġw or', 'Ġwor l'];

function tokenizerJson(extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: '1.0',
    added_tokens: [
      { id: 50, content: '[laugh]', special: false },
      { id: 51, content: '<|endoftext|>', special: true },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel' },
    model: { type: 'BPE', dropout: null, unk_token: null, vocab: VOCAB, merges: MERGES, ...model },
    ...extra,
  });
}

describe('BpeTokenizer', () => {
  const tokenizer = BpeTokenizer.fromJson(tokenizerJson());

  it('merges by rank, lowest first, within the GPT-2 pattern’s pieces', () => {
    // hello: h e l l o → he l l o → he ll o → hell o → hello
    expect(tokenizer.encode('hello')).toEqual([17]);
    // " world": Ġ w o r l d → Ġw o r l d → Ġw or l d → Ġwor l d → Ġworl d (no merge makes Ġworld)
    expect(tokenizer.encode('hello, world!')).toEqual([17, 8, 21, 6, 9]);
    // a contraction is a piece of its own
    expect(tokenizer.encode("he's")).toEqual([14, 10, 11]);
    // digits are a piece; two spaces: the first alone (followed by a space), the second leads the word
    expect(tokenizer.encode('42')).toEqual([22, 23]);
    expect(tokenizer.encode('hello  world')).toEqual([17, 7, 21, 6]);
  });

  it('maps UTF-8 bytes through the GPT-2 byte alphabet', () => {
    expect(tokenizer.encode('é')).toEqual([12, 13]);
  });

  it('cuts added tokens out whole before splitting the rest', () => {
    expect(tokenizer.encode('hello [laugh] world')).toEqual([17, 7, 50, 21, 6]);
    expect(tokenizer.encode('hello<|endoftext|>')).toEqual([17, 51]);
  });

  it('reads merges written as pairs (newer tokenizers) the same way', () => {
    const pairs = BpeTokenizer.fromJson(
      tokenizerJson({}, { merges: MERGES.map((merge) => merge.split(' ')) }),
    );
    expect(pairs.encode('hello, world!')).toEqual([17, 8, 21, 6, 9]);
  });

  it('applies a template post-processor’s tokens around the text', () => {
    const templated = BpeTokenizer.fromJson(
      tokenizerJson({
        post_processor: {
          type: 'TemplateProcessing',
          single: [
            { SpecialToken: { id: '<|endoftext|>', type_id: 0 } },
            { Sequence: { id: 'A', type_id: 0 } },
          ],
          pair: [],
          special_tokens: { '<|endoftext|>': { id: '<|endoftext|>', ids: [51], tokens: ['<|endoftext|>'] } },
        },
      }),
    );
    expect(templated.encode('hello')).toEqual([51, 17]);
  });

  it('refuses what it would read wrongly, saying what', () => {
    expect(() => BpeTokenizer.fromJson(tokenizerJson({}, { type: 'Unigram' }))).toThrow(
      /Unigram model, not BPE/,
    );
    expect(() => BpeTokenizer.fromJson(tokenizerJson({ normalizer: { type: 'NFKC' } }))).toThrow(
      /NFKC normalizer/,
    );
    expect(() => BpeTokenizer.fromJson(tokenizerJson({ pre_tokenizer: { type: 'Metaspace' } }))).toThrow(
      /Metaspace, not ByteLevel/,
    );
    expect(() => BpeTokenizer.fromJson('{')).toThrow(/not JSON/);
    expect(() => tokenizer.encode('x')).toThrow(/no symbol "x"/);
  });
});
