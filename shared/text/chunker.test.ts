import { describe, expect, it } from 'vitest';
import { findBoundaries } from './boundaries';
import { chunkText, splitSentences } from './chunker';
import { seededRandom } from '../../test-support/seeded-random';
import { collapseWhitespace } from './normalize';

describe('splitSentences', () => {
  it('splits at . ! ? and keeps the punctuation', () => {
    expect(splitSentences('One. Two! Three? Four')).toEqual(['One.', 'Two!', 'Three?', 'Four']);
  });

  it('does not split after abbreviations, initials and initialisms', () => {
    const text =
      'Dr. Smith met Mr. and Mrs. Jones, Ms. Lee and Prof. Chen on St. Mark St. vs. the rest etc. and so on. ' +
      'J. R. R. Tolkien wrote it, e.g. this, i.e. that. ' +
      'We left the U.S. at 9 a.m. and reached the U.K. by 5 p.m. on the same day. ' +
      'See No. 5 and Vol. 2 now.';
    expect(splitSentences(text)).toEqual([
      'Dr. Smith met Mr. and Mrs. Jones, Ms. Lee and Prof. Chen on St. Mark St. vs. the rest etc. and so on.',
      'J. R. R. Tolkien wrote it, e.g. this, i.e. that.',
      'We left the U.S. at 9 a.m. and reached the U.K. by 5 p.m. on the same day.',
      'See No. 5 and Vol. 2 now.',
    ]);
  });

  it('does not split decimals, amounts, percentages or ellipses', () => {
    expect(splitSentences('Pi is 3.14, it costs $2.50 or 10.5% more... Well… maybe. Next one.')).toEqual([
      'Pi is 3.14, it costs $2.50 or 10.5% more... Well… maybe.',
      'Next one.',
    ]);
  });

  it('splits after ?! and after closing quotes and brackets', () => {
    expect(splitSentences('Really?! Yes. He said "Stop!" Then (quietly.) Done.')).toEqual([
      'Really?!',
      'Yes.',
      'He said "Stop!"',
      'Then (quietly.)',
      'Done.',
    ]);
  });

  it('keeps going when the next word starts in lower case', () => {
    expect(splitSentences('It was approx. ten. it was late.')).toEqual(['It was approx. ten. it was late.']);
    expect(splitSentences('It was 1999. 2000 came next.')).toEqual(['It was 1999.', '2000 came next.']);
  });

  it('handles CJK sentence ends with and without spaces', () => {
    expect(splitSentences('你好。再见！真的吗？「好的。」他说。')).toEqual([
      '你好。',
      '再见！',
      '真的吗？',
      '「好的。」',
      '他说。',
    ]);
    expect(splitSentences('你好。 再见！')).toEqual(['你好。', '再见！']);
    expect(splitSentences('你好吗?我很好!谢谢')).toEqual(['你好吗?', '我很好!', '谢谢']);
    expect(splitSentences('これはペンです。あれは本です。')).toEqual(['これはペンです。', 'あれは本です。']);
  });

  it('handles other scripts', () => {
    expect(splitSentences('Привет. Как дела? مرحبا؟ كيف حالك. नमस्ते। ठीक है।')).toEqual([
      'Привет.',
      'Как дела?',
      'مرحبا؟',
      'كيف حالك.',
      'नमस्ते।',
      'ठीक है।',
    ]);
  });

  it('normalises whitespace and returns nothing for empty text', () => {
    expect(splitSentences('  One.\n\nTwo.  ')).toEqual(['One.', 'Two.']);
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('chunkText', () => {
  it('returns one chunk for short text and none for empty text', () => {
    expect(chunkText('  Short  text. ', 100)).toEqual(['Short text.']);
    expect(chunkText(' \n ', 100)).toEqual([]);
    expect(chunkText('Exactly ten', 11)).toEqual(['Exactly ten']);
  });

  it('packs consecutive sentences greedily', () => {
    const text = 'One one. Two two. Three three. Four four. Five.';
    expect(chunkText(text, 20)).toEqual(['One one. Two two.', 'Three three.', 'Four four. Five.']);
    expect(chunkText(text, 30)).toEqual(['One one. Two two. Three three.', 'Four four. Five.']);
  });

  it('prefers a sentence end over a later clause or word boundary', () => {
    expect(chunkText('Yes. Then we went home, tired and happy', 30)).toEqual([
      'Yes.',
      'Then we went home,',
      'tired and happy',
    ]);
  });

  it('splits an over-long sentence at clauses: , ; : — –', () => {
    const text = 'First part here, second part here; third part: fourth — fifth – sixth part';
    expect(chunkText(text, 20)).toEqual([
      'First part here,',
      'second part here;',
      'third part: fourth —',
      'fifth – sixth part',
    ]);
  });

  it('splits an over-long clause at words', () => {
    expect(chunkText('alpha beta gamma delta epsilon zeta eta theta', 12)).toEqual([
      'alpha beta',
      'gamma delta',
      'epsilon zeta',
      'eta theta',
    ]);
  });

  it('hard-splits only a single over-long word, between grapheme clusters', () => {
    expect(chunkText('a Pneumonoultramicroscopicsilicovolcanoconiosis b', 10)).toEqual([
      'a',
      'Pneumonoul',
      'tramicrosc',
      'opicsilico',
      'volcanocon',
      'iosis b',
    ]);
    const family = '👨‍👩‍👧‍👦'; // 11 code units
    expect(chunkText(`${'😀'.repeat(6)}`, 5)).toEqual(['😀😀', '😀😀', '😀😀']);
    expect(chunkText(`ab${family}cd`, 12)).toEqual(['ab', `${family}c`, 'd']);
    expect(chunkText(family, 4)).toEqual([family]); // one cluster longer than the limit stays whole
    expect(chunkText('e\u0301e\u0301e\u0301', 3)).toEqual(['e\u0301', 'e\u0301', 'e\u0301']);
  });

  it('does not cut at abbreviations or decimals when the sentence fits', () => {
    const text = 'Dr. Smith paid $2.50, i.e. 10.5% more, at 3 p.m. today. Then Mr. J. R. Jones left.';
    expect(chunkText(text, 60)).toEqual([
      'Dr. Smith paid $2.50, i.e. 10.5% more, at 3 p.m. today.',
      'Then Mr. J. R. Jones left.',
    ]);
  });

  it('cuts CJK text at sentence ends without spaces', () => {
    const text = '今天天气很好。我们去公园散步吧！你觉得怎么样？好的，走吧。';
    const chunks = chunkText(text, 12);
    expect(chunks).toEqual(['今天天气很好。', '我们去公园散步吧！', '你觉得怎么样？', '好的，走吧。']);
    expect(chunkText(text, 14)).toEqual([
      '今天天气很好。',
      '我们去公园散步吧！',
      '你觉得怎么样？好的，走吧。',
    ]);
    expect(chunks.join('')).toBe(text);
  });

  it('cuts CJK text at clause punctuation, then hard, when a sentence is too long', () => {
    const text = '这是一个很长的句子，里面有很多很多的字，还有更多的字在这里。';
    const chunks = chunkText(text, 10);
    expect(chunks.join('')).toBe(text);
    expect(chunks[0]).toBe('这是一个很长的句子，');
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(10);
  });

  it('cuts a long CJK run between characters, packing it after an English word', () => {
    const text = 'AI 模型训练需要很多很多很多数据和时间以及耐心';
    const chunks = chunkText(text, 10);
    expect(chunks[0]).toBe('AI 模型训练需要很');
    expect(chunks.join('')).toBe(text);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(10);
    // Fullwidth sentence ends and clause marks.
    expect(splitSentences('真的吗？！好的．再见')).toEqual(['真的吗？！', '好的．', '再见']);
    expect(chunkText('第一，第二；第三：第四、第五', 6)).toEqual(['第一，第二；', '第三：第四、', '第五']);
  });

  it('rejects a limit below one character and takes Infinity as no limit', () => {
    expect(() => chunkText('text', 0)).toThrow(RangeError);
    expect(() => chunkText('text', Number.NaN)).toThrow(/maxChars/);
    expect(chunkText('A. B. C.', Number.POSITIVE_INFINITY)).toEqual(['A. B. C.']);
    expect(chunkText('ab cd', 2.9)).toEqual(['ab', 'cd']);
  });

  it('handles long input in linear time', () => {
    const sentence = 'This is a sentence of moderate length, with a clause or two; and then it ends. ';
    const text = sentence.repeat(25_000); // 2 MB
    const longWord = 'x'.repeat(200_000);
    // CPU time of this process, not wall time (a loaded machine made the wall clock fail at load 25);
    // quadratic work on 2 MB would take minutes of CPU either way.
    const cpuBefore = process.cpuUsage();
    const chunks = chunkText(text, 250);
    const wordChunks = chunkText(longWord, 100);
    const cpu = process.cpuUsage(cpuBefore);
    expect(chunks.join(' ')).toBe(collapseWhitespace(text));
    expect(wordChunks).toHaveLength(2000);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(10_000);
  });
});

describe('chunkText properties', () => {
  const words = [
    'a',
    'an',
    'the',
    'Dr.',
    'Mr.',
    'U.S.',
    'e.g.',
    '3.14',
    '$2.50',
    '10.5%',
    'word',
    'longerword',
    'é',
    '😀',
    'Привет',
    'J.',
    '"quoted"',
    '(aside)',
    '—',
    '-',
  ];
  const ends = ['.', '!', '?', '?!', '...', '…', ',', ';', ':', '', '', '', '."', '!)'];

  function randomText(random: () => number, maxWordChars: number): string {
    const count = Math.floor(random() * 120);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      let word = words[Math.floor(random() * words.length)] as string;
      if (random() < 0.3) word += ends[Math.floor(random() * ends.length)];
      if (random() < 0.2) word = word.charAt(0).toUpperCase() + word.slice(1);
      if (word.length > maxWordChars) word = word.slice(0, maxWordChars);
      parts.push(word);
      parts.push([' ', '  ', '\n', '\t', ' \n '][Math.floor(random() * 5)] as string);
    }
    return parts.join('');
  }

  it('reproduces the normalised input when joined with single spaces, with every chunk within the limit', () => {
    const random = seededRandom(2024);
    for (let round = 0; round < 3000; round++) {
      const maxChars = 12 + Math.floor(random() * 200);
      const text = randomText(random, 12);
      const normalized = collapseWhitespace(text);
      const chunks = chunkText(text, maxChars);
      expect(chunks.join(' ')).toBe(normalized);
      for (const chunk of chunks) {
        expect(chunk.length).toBeGreaterThan(0);
        expect(chunk.length).toBeLessThanOrEqual(maxChars);
        expect(chunk).toBe(chunk.trim());
      }
    }
  });

  it('packs greedily: the next whole sentence never fits into a chunk that ends a sentence', () => {
    const random = seededRandom(7);
    let checked = 0;
    for (let round = 0; round < 1000; round++) {
      const maxChars = 20 + Math.floor(random() * 150);
      const text = randomText(random, 12);
      const normalized = collapseWhitespace(text);
      const sentenceEnds = new Set(findBoundaries(normalized).sentence);
      const chunks = chunkText(text, maxChars);
      let offset = 0;
      for (let i = 0; i + 1 < chunks.length; i++) {
        const chunk = chunks[i] as string;
        offset += chunk.length;
        const next = chunks[i + 1] as string;
        if (sentenceEnds.has(offset)) {
          const nextSentence = splitSentences(next)[0] as string;
          const nextEnd = offset + 1 + nextSentence.length;
          if (sentenceEnds.has(nextEnd) || nextEnd === normalized.length) {
            expect(chunk.length + 1 + nextSentence.length).toBeGreaterThan(maxChars);
            checked++;
          }
        }
        offset += 1; // the space between the chunks (this generator always has one)
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('loses and duplicates nothing on any input: chunks join with a space or directly, as in the input', () => {
    const random = seededRandom(99);
    const pieces = [
      'word',
      'x'.repeat(30),
      '你好。',
      '，',
      '再见',
      '😀',
      '👨‍👩‍👧‍👦',
      ' ',
      '  ',
      '.',
      '! ',
      'e\u0301',
      '\n',
    ];
    for (let round = 0; round < 2000; round++) {
      let text = '';
      const count = Math.floor(random() * 40);
      for (let i = 0; i < count; i++) text += pieces[Math.floor(random() * pieces.length)];
      const maxChars = 1 + Math.floor(random() * 40);
      const normalized = collapseWhitespace(text);
      const chunks = chunkText(text, maxChars);
      let position = 0;
      for (const [index, chunk] of chunks.entries()) {
        expect(chunk.length).toBeGreaterThan(0);
        expect(normalized.startsWith(chunk, position)).toBe(true);
        position += chunk.length;
        if (index + 1 < chunks.length && normalized[position] === ' ') position++;
        // Longer than the limit only when it is a single grapheme cluster (the family emoji).
        if (chunk.length > maxChars) expect([...new Intl.Segmenter().segment(chunk)]).toHaveLength(1);
      }
      expect(position).toBe(normalized.length);
    }
  });
});
