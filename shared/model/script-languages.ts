/**
 * Language warnings for a script about to be added to a project (the studio's script editor): each turn
 * checked against the voice its speaker has (an existing speaker) or will get (a new one).
 */
import { checkTurnLanguages } from '../script/language-check';
import type { ParsedScript, ScriptDiagnostic } from '../script/types';
import type { Speaker } from './project';
import { voicesForNewSpeakers } from './script-content';
import type { VoiceInfo, VoiceRef } from './voice';

export function scriptLanguageDiagnostics(
  parsed: ParsedScript,
  existingSpeakers: readonly Speaker[],
  catalog: VoiceInfo[],
): ScriptDiagnostic[] {
  const voiceByName = new Map<string, VoiceRef>(existingSpeakers.map((s) => [s.name.toLowerCase(), s.voice]));
  for (const { name, voice } of voicesForNewSpeakers(parsed, existingSpeakers, catalog))
    voiceByName.set(name.toLowerCase(), voice);
  const turns = parsed.items.flatMap((item) => {
    if (item.kind !== 'turn') return [];
    const voice = voiceByName.get(item.speaker.toLowerCase());
    return voice ? [{ line: item.line, speakerName: item.speaker, voice, text: item.text }] : [];
  });
  return checkTurnLanguages(turns, catalog);
}

/** The parsed script with its language warnings among its diagnostics, in line order. */
export function withLanguageDiagnostics(
  parsed: ParsedScript,
  existingSpeakers: readonly Speaker[],
  catalog: VoiceInfo[],
): ParsedScript {
  const extra = scriptLanguageDiagnostics(parsed, existingSpeakers, catalog);
  if (extra.length === 0) return parsed;
  const diagnostics = [...parsed.diagnostics, ...extra].sort((a, b) => a.line - b.line);
  return { ...parsed, diagnostics };
}
