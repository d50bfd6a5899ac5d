/** Test helpers for the script parser: a script from lines, and a parse's turns as [speaker, text]. */
import type { ParsedScript } from '../types';

export function turns(parsed: ParsedScript): Array<[string, string]> {
  return parsed.items.flatMap((item) =>
    item.kind === 'turn' ? [[item.speaker, item.text] as [string, string]] : [],
  );
}

export function script(...lines: string[]): string {
  return lines.join('\n');
}
