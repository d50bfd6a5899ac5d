/**
 * Which voice each speaker got, and the language it speaks: one summary for the CLI's plan and `--json`,
 * the export report and the JSON transcript, so they all say the same.
 */
import type { Project } from './project';
import type { VoiceInfo } from './voice';
import { formatVoiceRef } from './voice';
import { speakerLanguage } from './voice-languages';

export interface SpeakerVoiceSummary {
  name: string;
  /** As `--voice` takes it: `en-gb-x-rp+f3`, `kokoro:Kokoro-82M/af_heart;rate=110`. */
  voice: string;
  /** BCP 47: the speaker's own, else the voice's (from the catalog; espeak's from its id). */
  language?: string;
}

export function speakerVoiceSummaries(
  project: Pick<Project, 'speakers'>,
  catalog: readonly VoiceInfo[] = [],
): SpeakerVoiceSummary[] {
  return project.speakers.map((speaker) => {
    const language = speakerLanguage(speaker, catalog);
    return { name: speaker.name, voice: formatVoiceRef(speaker.voice), ...(language ? { language } : {}) };
  });
}

/** `Host=en-gb-x-rp+f3 (en-GB)` */
export function formatSpeakerVoice(summary: SpeakerVoiceSummary): string {
  return `${summary.name}=${summary.voice}${summary.language ? ` (${summary.language})` : ''}`;
}
