import type { DiagnosticSeverity, ScriptDiagnostic } from './types';

/** At most this many diagnostics are returned; the last one then says how many more were not shown. */
export const MAX_DIAGNOSTICS = 200;
export const MAX_EXCERPT_CHARS = 120;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;

/** A line (or any source text) made safe and short for a diagnostic: controls shown as U+FFFD, ≤ 120 chars. */
export function makeExcerpt(source: string): string {
  const bounded = source.length > MAX_EXCERPT_CHARS * 4 ? source.slice(0, MAX_EXCERPT_CHARS * 4) : source;
  const clean = bounded.replace(CONTROL_CHARS, '\uFFFD').replace(/\s+/g, ' ').trim();
  if (clean.length <= MAX_EXCERPT_CHARS && bounded.length === source.length) return clean;
  if (clean.length <= MAX_EXCERPT_CHARS - 1) return `${clean}…`;
  let cut = MAX_EXCERPT_CHARS - 1;
  const code = clean.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // never leave half a surrogate pair
  return `${clean.slice(0, cut)}…`;
}

/**
 * Collects diagnostics with a cap: the first MAX_DIAGNOSTICS - 1 (in line order) are kept as they are and
 * the rest are summed up in one final "N more problems not shown" diagnostic, so the list never exceeds
 * MAX_DIAGNOSTICS entries.
 */
export class DiagnosticCollector {
  private readonly kept: ScriptDiagnostic[] = [];
  private total = 0;
  private errors = 0;

  add(
    line: number,
    severity: DiagnosticSeverity,
    message: string,
    fix: string,
    excerptSource: string,
    extra: Pick<ScriptDiagnostic, 'speakerSuggestion'> = {},
  ): void {
    this.total++;
    if (severity === 'error') this.errors++;
    // Parsers report in line order, so the first ones kept are the first lines.
    if (this.kept.length < MAX_DIAGNOSTICS) {
      this.kept.push({ line, severity, message, fix, excerpt: makeExcerpt(excerptSource), ...extra });
    }
  }

  get errorCount(): number {
    return this.errors;
  }

  get count(): number {
    return this.total;
  }

  finish(): ScriptDiagnostic[] {
    const sorted = this.kept.slice().sort((a, b) => a.line - b.line);
    if (this.total <= MAX_DIAGNOSTICS) return sorted;
    const shown = sorted.slice(0, MAX_DIAGNOSTICS - 1);
    const shownErrors = shown.filter((d) => d.severity === 'error').length;
    const hidden = this.total - shown.length;
    const firstHidden = sorted[MAX_DIAGNOSTICS - 1] as ScriptDiagnostic;
    shown.push({
      line: firstHidden.line,
      severity: this.errors > shownErrors ? 'error' : 'warning',
      message: `${hidden} more problems not shown`,
      fix: 'fix the problems above and check the script again to see the rest',
      excerpt: firstHidden.excerpt,
    });
    return shown;
  }
}
