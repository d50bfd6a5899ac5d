/**
 * Text to IPA phonemes for the ONNX engines. The real implementation is the bundled espeak-ng build (the
 * same one the espeak engine speaks with); tests inject fakes through the {@link Phonemizer} interface.
 */
import { loadEspeak } from '../../espeak/espeak-wasm';

export interface Phonemizer {
  /** IPA for `text` in an espeak language/voice (`en-us`, `fr-fr`, ...), words separated by spaces. */
  phonemize(text: string, language: string): Promise<string>;
}

/** espeak-ng (WASM): one instance per process, loaded on first use. */
export class EspeakPhonemizer implements Phonemizer {
  async phonemize(text: string, language: string): Promise<string> {
    const espeak = await loadEspeak();
    // espeak marks its own clause breaks with `|`; punctuation is restored by the caller.
    return espeak
      .textToPhonemes(text, language)
      .replace(/\s*\|\s*/g, ' ')
      .trim();
  }
}
