import { describe, expect, it } from 'vitest';
import { isSpeakable } from './speakable';

describe('isSpeakable', () => {
  it('needs a letter, a digit or an emoji', () => {
    for (const text of ['Hello', 'こんにちは', 'Привет', '42', '🎉', '...x'])
      expect(isSpeakable(text), text).toBe(true);
    for (const text of ['...', '— ?!', '  ', '«»', '[]']) expect(isSpeakable(text), text).toBe(false);
  });
});
