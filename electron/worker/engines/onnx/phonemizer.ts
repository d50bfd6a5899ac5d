/**
 * Text to IPA phonemes for the ONNX engines. The real implementation is the bundled espeak-ng build (the
 * same one the espeak engine speaks with); tests inject fakes through the {@link Phonemizer} interface.
 */
import { loadEspeak } from '../../espeak/espeak-wasm';
import { EngineError } from '../engine';

export interface Phonemizer {
  /** IPA for `text` in an espeak language/voice (`en-us`, `fr`, ...), words separated by spaces. */
  phonemize(text: string, language: string): Promise<string>;
}

/** espeak-ng (WASM): one instance per process, loaded on first use. */
export class EspeakPhonemizer implements Phonemizer {
  async phonemize(text: string, language: string): Promise<string> {
    const espeak = await loadEspeak();
    const voice = [language, language.split('-')[0] ?? language].find((candidate) =>
      espeak.setVoice(candidate),
    );
    if (voice === undefined) {
      throw new EngineError(
        'unknown-voice',
        `the bundled espeak-ng has no language "${language}" to phonemise with`,
      );
    }
    return (
      espeak
        .textToPhonemes(text, voice)
        // Language-switch flags around foreign words, e.g. `(en)həlˈəʊ(hi)`, as Piper removes them.
        .replace(/\([^)]*\)/g, '')
        // espeak marks its own clause breaks with `|`; punctuation is restored by the caller.
        .replace(/\s*\|\s*/g, ' ')
        .trim()
    );
  }
}
