import type { DiagnosticCollector } from './diagnostics';
import type { ScriptItem } from './types';
import { isSpeakable } from '../text/speakable';

/** Chapter titles longer than this are cut (the project model allows 200). */
export const MAX_CHAPTER_TITLE_CHARS = 200;

/**
 * Collects parsed items and the distinct speakers. Speaker names are matched case-insensitively: `HOST:`
 * after `Host:` is the same speaker and keeps the first spelling.
 */
export class ItemSink {
  readonly items: ScriptItem[] = [];
  readonly speakers: string[] = [];
  private readonly spellingByKey = new Map<string, string>();
  private readonly spellingByExactName = new Map<string, string>();
  private readonly listed = new Set<string>();
  private turnCount = 0;

  constructor(private readonly diagnostics: DiagnosticCollector) {}

  /** The spelling under which `name` is known (the first one seen), registering it if new. */
  canonicalSpeaker(name: string): string {
    const seen = this.spellingByExactName.get(name);
    if (seen !== undefined) return seen;
    const key = name.toLowerCase();
    const canonical = this.spellingByKey.get(key) ?? name;
    this.spellingByKey.set(key, canonical);
    this.spellingByExactName.set(name, canonical);
    return canonical;
  }

  /**
   * Adds a turn, or reports one with nothing a voice could say (only punctuation or symbols, e.g. "...":
   * it would render as silence and fail the export's audibility check).
   */
  turn(speaker: string, text: string, line: number, lastLine: number): void {
    if (!isSpeakable(text)) {
      this.diagnostics.add(
        line,
        'error',
        `this turn of ${speaker} has no words to say ("${text.length > 40 ? `${text.slice(0, 40)}…` : text}")`,
        `write what ${speaker} says, or use [pause 1s] on its own line for a silence`,
        `${speaker}: ${text}`,
      );
      return;
    }
    const canonical = this.canonicalSpeaker(speaker);
    if (!this.listed.has(canonical)) {
      this.listed.add(canonical);
      this.speakers.push(canonical);
    }
    this.items.push({ kind: 'turn', speaker: canonical, text, line, lastLine });
    this.turnCount++;
  }

  pause(durationMs: number, line: number): void {
    this.items.push({ kind: 'pause', durationMs, line });
  }

  /**
   * Adds a chapter, or reports an empty title; `title` must be whitespace-collapsed. `problemPrefix` starts
   * any diagnostic message (the JSON form names the entry: "entry at index 3: ").
   */
  chapter(title: string, line: number, source: string, problemPrefix = ''): void {
    if (title.length === 0) {
      this.diagnostics.add(
        line,
        'error',
        `${problemPrefix}this chapter heading has no title`,
        'write the title after the #, e.g. `# Introduction`, or remove the line',
        source,
      );
      return;
    }
    let kept = title;
    if (title.length > MAX_CHAPTER_TITLE_CHARS) {
      const code = title.charCodeAt(MAX_CHAPTER_TITLE_CHARS - 1);
      const cut = code >= 0xd800 && code <= 0xdbff ? MAX_CHAPTER_TITLE_CHARS - 1 : MAX_CHAPTER_TITLE_CHARS;
      kept = title.slice(0, cut).trimEnd();
      this.diagnostics.add(
        line,
        'warning',
        `${problemPrefix}this chapter title is ${title.length} characters long and was cut to ${MAX_CHAPTER_TITLE_CHARS}`,
        'shorten the title',
        source,
      );
    }
    this.items.push({ kind: 'chapter', title: kept, line });
  }

  get hasTurns(): boolean {
    return this.turnCount > 0;
  }
}
