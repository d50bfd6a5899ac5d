/** Voice-picker entries for a Piper voice config: one per speaker. */
import type { VoiceInfo } from '../../../../shared/model/voice';
import type { PiperConfig } from './piper-config';
import { piperLanguage, piperSpeakers } from './piper-config';

/** `en_US` → `en-US`; falls back to the espeak language. */
export function piperLanguageTag(config: PiperConfig): string {
  const code = config.language?.code;
  return code ? code.replace('_', '-') : piperLanguage(config);
}

export function piperVoiceInfos(config: PiperConfig, modelId: string): VoiceInfo[] {
  const language = piperLanguageTag(config);
  const name = config.dataset ?? modelId;
  const quality = config.audio.quality ? ` (${config.audio.quality})` : '';
  return piperSpeakers(config).map((speaker) => ({
    engine: 'piper',
    model: modelId,
    id: speaker.id,
    label:
      speaker.index === undefined
        ? `${name} — ${language}${quality}`
        : `${speaker.id} — ${name}, ${language}${quality}`,
    language,
  }));
}
