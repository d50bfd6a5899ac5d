/**
 * The tokenizer against the reference implementation: ids the Python `sentencepiece` package (Debian's
 * python3-sentencepiece) gave for a small unigram model trained with the nmt_nfkc normaliser, stored in
 * test-support/sentencepiece/expected.json, and the same oracle run live where it is installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SentencePieceError, SentencePieceTokenizer } from './sentencepiece';

const dir = path.resolve(import.meta.dirname, '../../../../test-support/sentencepiece');
const modelPath = path.join(dir, 'test-unigram.model');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Array<{
  text: string;
  ids: number[];
}>;
const tokenizer = SentencePieceTokenizer.fromModel(fs.readFileSync(modelPath));

function oracle(texts: string[]): number[][] | undefined {
  const python = ['/usr/bin/python3', 'python3'].find(
    (bin) => spawnSync(bin, ['-c', 'import sentencepiece'], { stdio: 'ignore' }).status === 0,
  );
  if (!python) return undefined;
  const run = spawnSync(python, [path.join(dir, 'oracle.py'), modelPath], {
    input: texts.map((text) => JSON.stringify(text)).join('\n') + '\n',
    encoding: 'utf8',
  });
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as number[]);
}

describe('SentencePieceTokenizer', () => {
  it('gives the reference ids for every stored sample', () => {
    expect(tokenizer.vocabularySize).toBe(120);
    for (const sample of expected) expect(tokenizer.encode(sample.text), sample.text).toEqual(sample.ids);
  });

  it('agrees with the live reference on sentences it has not seen', () => {
    const texts = [
      'Welcome back to the show, everyone.',
      'Ada asked: what is 24 times 1000?',
      'Trailing spaces   and\nnew lines\r\nare whitespace too.',
      'über café naïve résumé',
    ];
    const reference = oracle(texts);
    // Without python3-sentencepiece only the stored reference ids above are checked.
    if (!reference) return;
    texts.forEach((text, index) => expect(tokenizer.encode(text), text).toEqual(reference[index]));
  });

  it('refuses files that are not unigram SentencePiece models, saying why', () => {
    expect(() => SentencePieceTokenizer.fromModel(new Uint8Array([0x0a, 0x05, 0x01]))).toThrow(
      SentencePieceError,
    );
    expect(() => SentencePieceTokenizer.fromModel(new TextEncoder().encode('{"vocab": {}}'))).toThrow(
      /SentencePiece|protobuf|cut short|past the end/,
    );
  });
});
