import { describe, expect, it } from 'vitest';
import { auditionSentence } from './audition-sentence';

describe('auditionSentence', () => {
  it('introduces the speaker, saying a listed name as the episode will', () => {
    expect(auditionSentence('Dr. Nguyen', [])).toBe(
      "Hi, I'm Dr. Nguyen. This is how I will sound in this episode.",
    );
    expect(auditionSentence('Dr. Nguyen', [{ word: 'Nguyen', sayAs: 'win' }])).toBe(
      "Hi, I'm Dr. win. This is how I will sound in this episode.",
    );
  });
});
