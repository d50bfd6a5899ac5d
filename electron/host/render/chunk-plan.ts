/**
 * How a turn is cut into engine calls: one sentence per call (so a retried or re-rendered piece sounds the
 * same as in an undisturbed render), long sentences cut further at clause and word boundaries to the
 * engine's limit. Engines that pace sentences themselves (espeak) get consecutive whole sentences packed
 * into one call up to the limit: fewer calls, and the engine's own flow between sentences.
 */
import { chunkText, splitSentences } from '../../../shared/text/chunker';
import { expectedSpeechMs } from '../../../shared/text/writing-system';

export interface PlannedChunk {
  text: string;
  /** Silence to put after this chunk inside the turn: a sentence pause or a shorter clause pause. */
  pauseAfterMs: number;
}

export const SENTENCE_PAUSE_MS = 280;
export const CLAUSE_PAUSE_MS = 120;

export function planChunks(
  text: string,
  maxChars: number,
  ratePercent = 100,
  packSentences = false,
): PlannedChunk[] {
  const scale = 100 / ratePercent;
  const chunks: PlannedChunk[] = [];
  const sentences = splitSentences(text);
  for (const sentence of packSentences ? pack(sentences, maxChars) : sentences) {
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

/** Joins consecutive sentences while they fit in `maxChars` (a sentence longer than that stays alone). */
function pack(sentences: string[], maxChars: number): string[] {
  const packed: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + 1 + sentence.length <= maxChars) current = `${current} ${sentence}`;
    else {
      if (current) packed.push(current);
      current = sentence;
    }
  }
  if (current) packed.push(current);
  return packed;
}

/** Splits a chunk that failed into smaller pieces for a retry (at least two when it can be split). */
export function splitForRetry(text: string): string[] {
  const target = Math.max(24, Math.floor(text.length / 2));
  const pieces = chunkText(text, target);
  return pieces.length > 1 ? pieces : [text];
}

/**
 * The longest chunk of `text` that stays within `maxSeconds` of expected speech at `ratePercent` (and within
 * `maxChars`): engines whose memory grows with the audio they make (a speech server's model) get requests
 * bounded in seconds as well as characters, whatever the script (a CJK character says more than a letter).
 */
export function charsWithinSeconds(
  text: string,
  maxChars: number,
  ratePercent: number,
  maxSeconds: number | undefined,
): number {
  if (maxSeconds === undefined || text.length === 0) return maxChars;
  const msPerChar = (expectedSpeechMs(text) * (100 / ratePercent)) / text.length;
  if (msPerChar <= 0) return maxChars;
  return Math.max(24, Math.min(maxChars, Math.floor((maxSeconds * 1000) / msPerChar)));
}
