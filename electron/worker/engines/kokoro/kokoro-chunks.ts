/**
 * Cuts phonemised text into model inputs of at most 510 tokens (pads excluded; with the two pads the model
 * sees at most 512 positions). Whole sentences are packed together while they fit; a longer sentence is
 * cut at word boundaries (spaces of the phoneme string), and a single word longer than the limit at the
 * limit itself.
 */
import type { KokoroVocab } from './kokoro-vocab';
import { tokenizeKokoro } from './kokoro-vocab';

export const KOKORO_MAX_TOKENS = 510;

export interface KokoroChunks {
  /** Token ids per chunk, without pads; every chunk non-empty and at most `maxTokens` long. */
  chunks: number[][];
  /** Symbols the vocabulary did not know, with counts. */
  dropped: Map<string, number>;
}

export function chunkKokoroPhonemes(
  sentences: readonly string[],
  vocab: KokoroVocab,
  maxTokens: number = KOKORO_MAX_TOKENS,
): KokoroChunks {
  const dropped = new Map<string, number>();
  const tokenize = (text: string): number[] => {
    const result = tokenizeKokoro(text, vocab);
    for (const [symbol, count] of result.dropped) dropped.set(symbol, (dropped.get(symbol) ?? 0) + count);
    return result.ids;
  };
  const space = vocab.get(' ');
  const separator = space === undefined ? [] : [space];

  const pieces: number[][] = [];
  for (const sentence of sentences) {
    const ids = tokenize(sentence);
    if (ids.length <= maxTokens) pieces.push(ids);
    else pieces.push(...splitAtWords(sentence.split(' ').map(tokenize), separator, maxTokens));
  }
  return { chunks: pack(pieces, separator, maxTokens), dropped };
}

/** Packs consecutive pieces (each ≤ max) into chunks ≤ max, joined by the separator. */
function pack(pieces: number[][], separator: number[], maxTokens: number): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    if (current.length === 0) current = [...piece];
    else if (current.length + separator.length + piece.length <= maxTokens)
      current.push(...separator, ...piece);
    else {
      chunks.push(current);
      current = [...piece];
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function splitAtWords(words: number[][], separator: number[], maxTokens: number): number[][] {
  const pieces: number[][] = [];
  for (const word of words) {
    for (let start = 0; start < word.length; start += maxTokens)
      pieces.push(word.slice(start, start + maxTokens));
  }
  return pack(pieces, separator, maxTokens);
}
