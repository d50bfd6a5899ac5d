/**
 * Paste or import a script: a line-numbered editor with markers at the lines the parser has something to
 * say about, and the list of those diagnostics (line, problem, fix). Clicking one jumps to its line.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { decodeScriptBytes, ENCODING_NAMES } from '../../../../shared/script/decode-script';
import { replaceSpeakerOnLine } from '../../../../shared/script/speaker-typos';
import type { ParsedScript, ScriptDiagnostic } from '../../../../shared/script/types';
import { counted, noun } from '../../../../shared/text/plural';
import { Icon } from '../common/Icon';
import { EXAMPLE_SCRIPT } from './example-script';
import type { ScriptSummary } from './use-parsed-script';
import './script.css';

const LINE_HEIGHT_PX = 20;

/** Parser messages are lower-case phrases; shown as sentences. */
function sentence(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
const MAX_SCRIPT_BYTES = 20 * 1024 * 1024;

interface Props {
  text: string;
  onChange(text: string): void;
  parsed: ParsedScript;
  summary: ScriptSummary;
  /** Rows of the editor. */
  rows?: number;
}

export function ScriptForm({ text, onChange, parsed, summary, rows = 16 }: Props) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [scroll, setScroll] = useState({ top: 0 });
  const [fileError, setFileError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const lineCount = Math.max(1, text.split('\n').length);
  const severityByLine = new Map<number, 'error' | 'warning'>();
  for (const d of parsed.diagnostics) {
    if (severityByLine.get(d.line) !== 'error') severityByLine.set(d.line, d.severity);
  }

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_SCRIPT_BYTES) {
      setFileError(
        `${file.name} is ${Math.round(file.size / 1024 / 1024)} MB: scripts over 20 MB are not read. Split it into parts.`,
      );
      return;
    }
    try {
      const { text: content, encoding } = decodeScriptBytes(new Uint8Array(await file.arrayBuffer()));
      setFileError(null);
      setFileName(encoding === 'utf-8' ? file.name : `${file.name} (read as ${ENCODING_NAMES[encoding]})`);
      onChange(content);
    } catch {
      setFileError(`${file.name} could not be read. Save it as plain text (UTF-8) and import it again.`);
    }
  };

  const jumpTo = (line: number) => {
    const element = textarea.current;
    if (!element) return;
    const lines = text.split('\n');
    let start = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) start += (lines[i]?.length ?? 0) + 1;
    const end = start + (lines[line - 1]?.length ?? 0);
    element.focus();
    element.setSelectionRange(start, end);
    element.scrollTop = Math.max(0, (line - 3) * LINE_HEIGHT_PX);
  };

  /** The one-click fix of a mistyped speaker name: that line gets the established name. */
  const applySuggestion = (d: ScriptDiagnostic) => {
    if (!d.speakerSuggestion) return;
    const { written, suggested } = d.speakerSuggestion;
    onChange(replaceSpeakerOnLine(text, d.line, written, suggested));
  };

  const gutter = Array.from({ length: lineCount }, (_, i) => i + 1).join('\n');

  return (
    <div className="script-form">
      <div className="script-form__toolbar">
        <label className="btn btn--small">
          <Icon name="file" size={14} />
          Import text file…
          <input
            type="file"
            accept=".txt,.md,.json,.fountain,text/plain,application/json"
            className="visually-hidden"
            data-testid="import-script"
            onChange={(e) => void onFile(e)}
          />
        </label>
        {text.trim() === '' ? (
          <button
            type="button"
            className="btn btn--small btn--ghost"
            onClick={() => onChange(EXAMPLE_SCRIPT)}
          >
            Try the example script
          </button>
        ) : null}
        {fileName ? <span className="script-form__file">{fileName}</span> : null}
        <span className="panel__spacer" />
        <span className="script-form__summary" data-testid="script-summary">
          <b>{summary.turns}</b> {noun(summary.turns, 'turn')} · <b>{summary.speakers}</b>{' '}
          {noun(summary.speakers, 'speaker')} · <b>{summary.chapters}</b> {noun(summary.chapters, 'chapter')}
          {summary.errors > 0 ? (
            <span className="script-form__errors"> · {counted(summary.errors, 'error')}</span>
          ) : null}
          {summary.warnings > 0 ? (
            <span className="script-form__warnings"> · {counted(summary.warnings, 'warning')}</span>
          ) : null}
        </span>
      </div>
      {fileError ? (
        <div className="script-form__file-error" role="alert">
          {fileError}
        </div>
      ) : null}
      {/* At most 40 % of a short window, so the diagnostics under it (a typo's fix) stay in view. */}
      <div
        className="script-editor"
        style={{ height: rows * LINE_HEIGHT_PX + 16, maxHeight: 'max(160px, 40vh)' }}
      >
        <div className="script-editor__gutter" aria-hidden="true">
          <div style={{ transform: `translateY(${-scroll.top}px)` }}>
            <pre className="script-editor__numbers">{gutter}</pre>
            {[...severityByLine].map(([line, severity]) => (
              <div
                key={line}
                className={`script-editor__marker script-editor__marker--${severity}`}
                style={{ top: 8 + (line - 1) * LINE_HEIGHT_PX }}
              />
            ))}
          </div>
        </div>
        <textarea
          ref={textarea}
          className="script-editor__text"
          data-testid="script-input"
          data-autofocus=""
          data-native-undo=""
          spellCheck={false}
          wrap="off"
          value={text}
          placeholder={
            'Host: Welcome to the show.\nGuest: Thanks for having me.\n\n# Chapter title\n[pause 1s]'
          }
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop })}
        />
      </div>
      <div className="script-form__help">
        One turn per line as <code>Name: words</code>. Lines without a name continue the turn above;{' '}
        <code># Title</code> starts a chapter; <code>[pause 1.5s]</code> adds silence.
      </div>
      {parsed.diagnostics.length > 0 ? (
        <ul className="diagnostics" data-testid="diagnostics">
          {parsed.diagnostics.map((d, i) => (
            <li
              key={`${d.line}-${i}`}
              className={`diagnostic diagnostic--${d.severity}`}
              data-testid="diagnostic"
              data-line={d.line}
            >
              <button
                type="button"
                className="diagnostic__line"
                onClick={() => jumpTo(d.line)}
                title="Show this line"
              >
                Line {d.line}
              </button>
              <div className="diagnostic__body">
                <div className="diagnostic__message">
                  <Icon name="alert" size={13} /> {sentence(d.message)}
                </div>
                <div className="diagnostic__fix">{sentence(d.fix)}</div>
                {d.speakerSuggestion ? (
                  <button
                    type="button"
                    className="btn btn--small diagnostic__apply"
                    data-testid="diagnostic-apply"
                    onClick={() => applySuggestion(d)}
                  >
                    Change to {d.speakerSuggestion.suggested}
                  </button>
                ) : null}
                {d.excerpt ? <div className="diagnostic__excerpt">{d.excerpt}</div> : null}
              </div>
            </li>
          ))}
        </ul>
      ) : text.trim() !== '' ? (
        <div className="diagnostics-ok" data-testid="diagnostics">
          <Icon name="check" size={14} /> Every line of the script is understood.
        </div>
      ) : null}
    </div>
  );
}
