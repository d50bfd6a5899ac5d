import { DiagnosticCollector } from './diagnostics';
import { countLines, inspectText, lineText, normalizeLineEndings, splitLines } from './input-text';
import { ItemSink } from './item-sink';
import { isJsonScript, parseJsonScript } from './json-script';
import { counted } from '../text/plural';
import { parseTextLines } from './text-script';
import { findSpeakerTypos, type SpeakerUse } from './speaker-typos';
import type { ParsedScript, ScriptItem } from './types';

export interface ParseOptions {
  /**
   * Speakers the turns will join (a project's, with their turn counts): a name in the script that looks
   * like a typo of one of them is reported too.
   */
  knownSpeakers?: ReadonlyArray<{ name: string; turns: number }>;
}

/**
 * Turns a podcast script into turns, pauses and chapters. Never throws: every problem is a diagnostic with
 * its line, and a script with problems still yields every good turn.
 *
 * Input is either the text form (text-script.ts: `Host: Hello`, continuation lines, `# Chapter`,
 * `[pause 1.5s]`) or the JSON form (json-script.ts: an array of `{"speaker", "text"}` entries). A UTF-8 BOM
 * is dropped and CRLF/CR become LF first. Runs linear in the input size.
 */
export function parseScript(input: string, options: ParseOptions = {}): ParsedScript {
  try {
    return parseUnchecked(input, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      format: 'text',
      items: [],
      speakers: [],
      lineCount: 0,
      diagnostics: [
        {
          line: 1,
          severity: 'error',
          message: `the script could not be read: ${reason}`,
          fix: 'this is a bug in Roundtable; please report it with the script attached',
          excerpt: '',
        },
      ],
    };
  }
}

function parseUnchecked(input: string, options: ParseOptions): ParsedScript {
  const diagnostics = new DiagnosticCollector();
  const sink = new ItemSink(diagnostics);
  const text = typeof input === 'string' ? normalizeLineEndings(input) : '';
  const lineCount = countLines(text);
  const result = (format: ParsedScript['format']): ParsedScript => ({
    format,
    items: sink.items,
    speakers: sink.speakers,
    diagnostics: diagnostics.finish(),
    lineCount,
  });

  if (text.trim().length === 0) {
    diagnostics.add(1, 'error', 'the script is empty', 'write turns like `Host: Hello`, one per line', '');
    return result('text');
  }

  const quality = inspectText(text);
  if (quality.binary !== null) {
    const { line, message, fix } = quality.binary;
    diagnostics.add(line, 'error', message, fix, lineText(text, line));
    return result('text');
  }
  if (quality.replacementChars > 0) {
    const line = quality.firstReplacementCharLine;
    diagnostics.add(
      line,
      'warning',
      `${counted(quality.replacementChars, 'character')} could not be decoded and show as �`,
      'save the script as UTF-8 text and open it again',
      lineText(text, line),
    );
  }

  const format = isJsonScript(text) ? 'json' : 'text';
  if (format === 'json') parseJsonScript(text, diagnostics, sink);
  else parseTextLines(splitLines(text), diagnostics, sink, quality.controls);

  reportSpeakerTypos(sink.items, options.knownSpeakers ?? [], text, diagnostics);

  if (!sink.hasTurns && diagnostics.errorCount === 0) {
    const fix =
      format === 'json'
        ? 'add entries like `{"speaker": "Host", "text": "Hello"}`'
        : 'write turns like `Host: Hello`, one per line';
    diagnostics.add(
      1,
      'error',
      sink.items.length === 0 ? 'the script is empty' : 'the script has no speaker turns',
      fix,
      '',
    );
  }
  return result(format);
}

/** A warning at every line of a speaker name that looks like a typo of another ("did you mean Host?"). */
function reportSpeakerTypos(
  items: readonly ScriptItem[],
  known: NonNullable<ParseOptions['knownSpeakers']>,
  text: string,
  diagnostics: DiagnosticCollector,
): void {
  // Keyed like the sink and the project match names: in any case.
  const uses = new Map<string, SpeakerUse>();
  for (const speaker of known) {
    uses.set(speaker.name.toLowerCase(), { name: speaker.name, lines: [], knownTurns: speaker.turns });
  }
  for (const item of items) {
    if (item.kind !== 'turn') continue;
    const key = item.speaker.toLowerCase();
    const use = uses.get(key) ?? { name: item.speaker, lines: [] };
    // A turn split by an inline pause is still one line of the script.
    if (use.lines.at(-1) !== item.line) use.lines.push(item.line);
    uses.set(key, use);
  }
  if (uses.size < 2) return;
  for (const typo of findSpeakerTypos([...uses.values()])) {
    const times = typo.lines.length === 1 ? 'only here' : `only ${typo.lines.length} times`;
    for (const line of typo.lines) {
      diagnostics.add(
        line,
        'warning',
        `speaker "${typo.name}" appears ${times} and is close to ${typo.suggestion}: did you mean ${typo.suggestion}?`,
        `write \`${typo.suggestion}:\` if ${typo.suggestion} says this; if ${typo.name} is someone else, keep the name`,
        lineText(text, line),
        { speakerSuggestion: { written: typo.name, suggested: typo.suggestion } },
      );
    }
  }
}
