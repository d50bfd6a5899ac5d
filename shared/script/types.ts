/** What the script parser produces. Every input line ends in an item or a diagnostic. */

export type ScriptItem =
  | {
      kind: 'turn';
      /** Speaker name as written ("Speaker 1", "Host"). */
      speaker: string;
      /** Turn text with continuation lines joined by a single space; inline directives removed. */
      text: string;
      /** 1-based first and last source line of the turn. */
      line: number;
      lastLine: number;
    }
  | { kind: 'pause'; durationMs: number; line: number }
  | { kind: 'chapter'; title: string; line: number };

export type DiagnosticSeverity = 'error' | 'warning';

export interface ScriptDiagnostic {
  /** 1-based line number in the input (for JSON input: the line where the entry starts). */
  line: number;
  severity: DiagnosticSeverity;
  /** What is wrong, in words a producer understands. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The offending line, shortened to at most 120 characters. */
  excerpt: string;
  /** Set when the line's speaker name looks like a typo of another speaker's: the one-click fix. */
  speakerSuggestion?: { written: string; suggested: string };
}

export interface ParsedScript {
  format: 'text' | 'json';
  items: ScriptItem[];
  /** Distinct speaker names in order of first appearance. */
  speakers: string[];
  diagnostics: ScriptDiagnostic[];
  /** Number of input lines seen (after normalising line endings). */
  lineCount: number;
}
