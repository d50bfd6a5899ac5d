/**
 * What a Kokoro voice id says about the voice: `<language><gender>_<name>` (`af_heart`: American English,
 * female, "Heart"). The language letter also picks the espeak-ng phonemizer language.
 */
import type { VoiceInfo } from '../../../../shared/model/voice';

interface KokoroLanguage {
  /** BCP 47 tag for the voice picker. */
  tag: string;
  /** espeak-ng language used to phonemise. */
  espeak: string;
  name: string;
  /**
   * Why Roundtable cannot phonemise for this language's voices, when it cannot. Kokoro was trained on
   * espeak-ng phonemes for English, Spanish, French, Hindi, Italian and Portuguese; its Mandarin and Japanese
   * voices were trained on other phoneme sets (misaki's pinyin-based zh and pyopenjtalk's kana-based ja
   * front ends), which espeak-ng's IPA does not match: fed espeak's phonemes they say garbage.
   */
  unsupported?: string;
}

const LANGUAGES: Record<string, KokoroLanguage> = {
  a: { tag: 'en-US', espeak: 'en-us', name: 'English (US)' },
  b: { tag: 'en-GB', espeak: 'en', name: 'English (UK)' },
  e: { tag: 'es', espeak: 'es', name: 'Spanish' },
  f: { tag: 'fr-FR', espeak: 'fr', name: 'French' },
  h: { tag: 'hi', espeak: 'hi', name: 'Hindi' },
  i: { tag: 'it', espeak: 'it', name: 'Italian' },
  j: {
    tag: 'ja',
    espeak: 'ja',
    name: 'Japanese',
    unsupported:
      "Kokoro's Japanese voices need Japanese phonemes (kana, pitch accent) that the bundled espeak-ng does not give",
  },
  p: { tag: 'pt-BR', espeak: 'pt-br', name: 'Portuguese (Brazil)' },
  z: {
    tag: 'zh',
    espeak: 'cmn',
    name: 'Mandarin Chinese',
    unsupported:
      "Kokoro's Mandarin voices need Mandarin phonemes (pinyin with tones) that the bundled espeak-ng does not give",
  },
};

const FALLBACK: KokoroLanguage = LANGUAGES.a as KokoroLanguage;

export function kokoroLanguage(voiceId: string): KokoroLanguage {
  return LANGUAGES[voiceId[0] ?? ''] ?? FALLBACK;
}

export function kokoroVoiceInfo(voiceId: string, modelId: string): VoiceInfo {
  const language = kokoroLanguage(voiceId);
  const genderLetter = voiceId[1];
  const gender = genderLetter === 'f' ? 'female' : genderLetter === 'm' ? 'male' : undefined;
  const rawName = voiceId.includes('_') ? voiceId.slice(voiceId.indexOf('_') + 1) : voiceId;
  const name = rawName
    .split(/[_-]/)
    .filter((part) => part !== '')
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join(' ');
  return {
    engine: 'kokoro',
    model: modelId,
    id: voiceId,
    label: `${name} — ${language.name}${gender ? `, ${gender}` : ''}${language.unsupported ? ' (not supported)' : ''}`,
    language: language.tag,
    ...(gender ? { gender } : {}),
    ...(language.unsupported ? { unsupported: language.unsupported } : {}),
  };
}
