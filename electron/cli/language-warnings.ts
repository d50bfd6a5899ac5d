/** The render command's language check: turns a speaker's voice cannot speak, warned before rendering. */
import type { Project } from '../../shared/model/project';
import type { VoiceInfo } from '../../shared/model/voice';
import type { StudioRuntime } from '../host/studio-runtime';
import { speakerLanguage } from '../../shared/model/voice-languages';
import { checkTurnLanguages } from '../../shared/script/language-check';
import type { ScriptDiagnostic } from '../../shared/script/types';

/** The project's turns that are in a writing system their speaker's voice does not read. */
export function languageWarnings(project: Project, catalog: readonly VoiceInfo[]): ScriptDiagnostic[] {
  const speakers = new Map(project.speakers.map((speaker) => [speaker.id, speaker]));
  const turns = project.segments.flatMap((segment) => {
    const speaker = speakers.get(segment.speakerId);
    if (!speaker || segment.sourceLine === undefined) return [];
    return [
      { line: segment.sourceLine, speakerName: speaker.name, voice: speaker.voice, text: segment.text },
    ];
  });
  return checkTurnLanguages(turns, catalog);
}

/** One warning as the CLI prints script diagnostics: `file:line: warning: ...`, the line, the fix. */
export function formatDiagnostic(file: string, diagnostic: ScriptDiagnostic): string {
  return `${file}:${diagnostic.line}: ${diagnostic.severity}: ${diagnostic.message}\n    ${diagnostic.excerpt}\n    fix: ${diagnostic.fix}\n`;
}

/** One line per speaker: the voice it got and that voice's language, e.g. `小雨: espeak cmn+f2 (cmn)`. */
export function speakerVoiceLines(project: Project, catalog: readonly VoiceInfo[]): string[] {
  return project.speakers.map((speaker) => {
    const { engine, model, voice } = speaker.voice;
    const language = speakerLanguage(speaker, catalog);
    return `${speaker.name}: ${engine} ${model ? `${model}/` : ''}${voice}${language ? ` (${language})` : ''}`;
  });
}

/**
 * The voices the project's speakers use, as the catalog lists them (their languages): only read when a
 * speaker has a voice other than espeak's, whose language its id says.
 */
export async function catalogForSpeakers(project: Project, studio: StudioRuntime): Promise<VoiceInfo[]> {
  if (project.speakers.every((speaker) => speaker.voice.engine === 'espeak')) return [];
  return studio.voices.voices().catch(() => []);
}
