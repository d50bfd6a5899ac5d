import { useMemo } from 'react';
import type { Speaker } from '../../../../shared/model/project';
import { withLanguageDiagnostics } from '../../../../shared/model/script-languages';
import type { VoiceInfo } from '../../../../shared/model/voice';
import type { ParsedScript } from '../../../../shared/script/types';
import { summarise, type ScriptSummary } from './use-parsed-script';

/**
 * The parsed script with a warning at every turn its speaker's voice (as it is, or as a new speaker will
 * get it) cannot speak: a Chinese line for an English voice, say.
 */
export function useLanguageCheck(
  parsed: ParsedScript,
  speakers: readonly Speaker[],
  voices: VoiceInfo[],
): { parsed: ParsedScript; summary: ScriptSummary } {
  const checked = useMemo(
    () => withLanguageDiagnostics(parsed, speakers, voices),
    [parsed, speakers, voices],
  );
  const summary = useMemo(() => summarise(checked), [checked]);
  return { parsed: checked, summary };
}
