import { describe, expect, it } from 'vitest';
import { EspeakPhonemizer } from './phonemizer';

describe('EspeakPhonemizer (bundled espeak-ng)', () => {
  const phonemizer = new EspeakPhonemizer();

  it('gives IPA without clause bars or language-switch flags', async () => {
    expect(await phonemizer.phonemize('Hello world', 'en-us')).toBe('həlˈoʊ wˈɜːld');
    const hindi = await phonemizer.phonemize('hello', 'hi');
    expect(hindi).not.toMatch(/[()|]/);
    expect(hindi.length).toBeGreaterThan(2);
  });

  it('falls back from a regional language to its base, and names a language it does not have', async () => {
    expect(await phonemizer.phonemize('bonjour', 'fr-fr')).toBe(await phonemizer.phonemize('bonjour', 'fr'));
    await expect(phonemizer.phonemize('hi', 'xx-nowhere')).rejects.toMatchObject({ code: 'unknown-voice' });
  });
});
