/**
 * Checks, before anything renders, that every turn is in a writing system its speaker's voice can read: an
 * English voice given a Chinese turn spells the characters out one by one, which is garbage, not speech.
 */
import { makeExcerpt } from './diagnostics';
import type { ScriptDiagnostic } from './types';
import type { VoiceInfo, VoiceRef } from '../model/voice';
import {
  espeakVoiceForSystem,
  languageNameForSystem,
  languageOfVoice,
  voicesForSystem,
  writingSystemsOfLanguage,
} from '../model/voice-languages';
import { mostlyWrittenIn } from '../text/writing-system';

export interface CheckedTurn {
  /** 1-based script line of the turn. */
  line: number;
  speakerName: string;
  voice: VoiceRef;
  text: string;
}

/** How to name a voice in a message. */
function voiceName(ref: VoiceRef): string {
  return ref.model ? `${ref.engine} ${ref.model}/${ref.voice}` : `${ref.engine} ${ref.voice}`;
}

/**
 * One warning per turn that is mostly in a writing system its speaker's voice does not read, saying which
 * voice would read it (a voice from `catalog` when one does, else a bundled espeak-ng voice). Turns whose
 * voice language is unknown are not judged.
 */
export function checkTurnLanguages(
  turns: readonly CheckedTurn[],
  catalog: readonly VoiceInfo[] = [],
): ScriptDiagnostic[] {
  const diagnostics: ScriptDiagnostic[] = [];
  for (const turn of turns) {
    const system = mostlyWrittenIn(turn.text);
    if (!system || system === 'Latin') continue;
    const language = languageOfVoice(turn.voice, catalog);
    if (language === undefined || writingSystemsOfLanguage(language).includes(system)) continue;
    const listed = voicesForSystem(system, catalog)[0];
    const suggestion = listed
      ? `${listed.label} (${voiceName({ engine: listed.engine, ...(listed.model ? { model: listed.model } : {}), voice: listed.id, params: { ratePercent: 100, pitchSemitones: 0 } })})`
      : `espeak ${espeakVoiceForSystem(system, 0)}`;
    diagnostics.push({
      line: turn.line,
      severity: 'warning',
      message: `${turn.speakerName}'s turn is in ${system} script, which ${turn.speakerName}'s voice (${voiceName(turn.voice)}, language ${language}) cannot speak: it would spell the characters out`,
      fix: `give ${turn.speakerName} a ${languageNameForSystem(system)} voice, e.g. ${suggestion}`,
      excerpt: makeExcerpt(turn.text),
    });
  }
  return diagnostics;
}
