import { useDeferredValue, useMemo } from 'react';
import { parseScript, type ParseOptions } from '../../../../shared/script/parser';
import type { ParsedScript } from '../../../../shared/script/types';

export interface ScriptSummary {
  turns: number;
  speakers: number;
  chapters: number;
  errors: number;
  warnings: number;
}

export function summarise(parsed: ParsedScript): ScriptSummary {
  let turns = 0;
  let chapters = 0;
  for (const item of parsed.items) {
    if (item.kind === 'turn') turns++;
    else if (item.kind === 'chapter') chapters++;
  }
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    turns,
    speakers: parsed.speakers.length,
    chapters,
    errors,
    warnings: parsed.diagnostics.length - errors,
  };
}

/**
 * Parses the script as the user types, a frame behind the keystrokes for long scripts. `knownSpeakers`
 * (keep it stable: memoise it) are the project's, when the script is added to one.
 */
export function useParsedScript(
  text: string,
  knownSpeakers?: ParseOptions['knownSpeakers'],
): {
  parsed: ParsedScript;
  summary: ScriptSummary;
  pending: boolean;
} {
  const deferred = useDeferredValue(text);
  // An empty editor is not an error: it just has nothing in it yet.
  const parsed = useMemo(() => {
    const result = parseScript(deferred, knownSpeakers ? { knownSpeakers } : {});
    return deferred.trim() === '' ? { ...result, diagnostics: [] } : result;
  }, [deferred, knownSpeakers]);
  const summary = useMemo(() => summarise(parsed), [parsed]);
  return { parsed, summary, pending: deferred !== text };
}
