import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../shared/text/chunker';
import { CLAUSE_PAUSE_MS, planChunks, SENTENCE_PAUSE_MS } from './chunk-plan';

const turn =
  'Dr. Smith arrived at 3.5 p.m. sharp. Nobody expected her. She had flown in from the U.S. overnight, ' +
  'which, frankly, was a surprise to everyone in the room, including the producer and both hosts. Then she sat down.';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('planChunks', () => {
  it('gives one call per sentence by default, with a sentence pause between and none at the end', () => {
    const chunks = planChunks(turn, 600);
    expect(chunks.map((chunk) => chunk.text)).toEqual(splitSentences(turn));
    expect(chunks.map((chunk) => chunk.pauseAfterMs)).toEqual([
      SENTENCE_PAUSE_MS,
      SENTENCE_PAUSE_MS,
      SENTENCE_PAUSE_MS,
      0,
    ]);
  });

  it('packs whole sentences into one call for engines that pace sentences themselves', () => {
    const chunks = planChunks(turn, 600, 100, true);
    expect(chunks).toEqual([{ text: splitSentences(turn).join(' '), pauseAfterMs: 0 }]);
  });

  it('packs up to the limit, never splits an abbreviation, and loses no word', () => {
    const chunks = planChunks(turn, 90, 100, true);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(90);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.flatMap((chunk) => words(chunk.text))).toEqual(words(turn));
    expect(chunks[0]?.text).toBe('Dr. Smith arrived at 3.5 p.m. sharp. Nobody expected her.');
    // The long sentence is cut at clause boundaries, with the shorter clause pause inside it.
    expect(chunks.some((chunk) => chunk.pauseAfterMs === CLAUSE_PAUSE_MS)).toBe(true);
    expect(chunks.at(-1)?.pauseAfterMs).toBe(0);
  });

  it('scales its pauses with the speaking rate', () => {
    const slow = planChunks('One. Two.', 600, 50);
    expect(slow[0]?.pauseAfterMs).toBe(SENTENCE_PAUSE_MS * 2);
  });
});
