/**
 * How a turn is cut into engine calls: one sentence per call (so a retried or re-rendered piece sounds the
 * same as in an undisturbed render), long sentences cut further at clause and word boundaries to the
 * engine's limit.
 */
import { chunkText, splitSentences } from '../../../shared/text/chunker';

export interface PlannedChunk {
  text: string;
  /** Silence to put after this chunk inside the turn: a sentence pause or a shorter clause pause. */
  pauseAfterMs: number;
}

export const SENTENCE_PAUSE_MS = 280;
export const CLAUSE_PAUSE_MS = 120;

export function planChunks(text: string, maxChars: number, ratePercent = 100): PlannedChunk[] {
  const scale = 100 / ratePercent;
  const chunks: PlannedChunk[] = [];
  for (const sentence of splitSentences(text)) {
    const pieces = sentence.length > maxChars ? chunkText(sentence, maxChars) : [sentence];
    pieces.forEach((piece, index) => {
      const last = index === pieces.length - 1;
      chunks.push({
        text: piece,
        pauseAfterMs: Math.round((last ? SENTENCE_PAUSE_MS : CLAUSE_PAUSE_MS) * scale),
      });
    });
  }
  const final = chunks.at(-1);
  if (final) final.pauseAfterMs = 0;
  return chunks;
}

/** Splits a chunk that failed into smaller pieces for a retry (at least two when it can be split). */
export function splitForRetry(text: string): string[] {
  const target = Math.max(24, Math.floor(text.length / 2));
  const pieces = chunkText(text, target);
  return pieces.length > 1 ? pieces : [text];
}
