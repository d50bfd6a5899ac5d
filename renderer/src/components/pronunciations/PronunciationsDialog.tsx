/**
 * The project's pronunciation list: words the engine says differently from how they are written. Rows are
 * edited as a draft, checked with the project's schema, and applied in one undo step; before Apply the
 * dialog says how many turns that renders again. Cancel or Escape drops the draft.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Project } from '../../../../shared/model/project';
import {
  MAX_PRONUNCIATION_SAY_AS_CHARS,
  MAX_PRONUNCIATION_WORD_CHARS,
  MAX_PRONUNCIATIONS,
} from '../../../../shared/text/pronunciations';
import { counted } from '../../../../shared/text/plural';
import { useDocument, useProject, useStudio, useUi } from '../../app/studio-context';
import { pronunciationImpact, type PronunciationImpact } from '../../state/pronunciation-impact';
import { pushToast } from '../../state/ui-store';
import { Icon } from '../common/Icon';
import { Modal } from '../common/Modal';
import {
  checkDraft,
  isBlankRow,
  mergeImported,
  newRow,
  type DraftRow,
  type RowProblem,
} from './pronunciation-rows';
import { ListFileActions } from './ListFileActions';
import { useListen, type ListenState } from './use-listen';
import './pronunciations.css';

type Field = 'word' | 'sayAs';

interface RowProps {
  row: DraftRow;
  /** Entry number (blank rows have none). */
  number: number | undefined;
  problem: RowProblem | undefined;
  listening: ListenState['phase'] | undefined;
  canListen: boolean;
  autoFocus: boolean;
  onChange(id: number, field: Field, value: string): void;
  /** The row the focus is in (null: none), whose unfinished half is not called a problem yet. */
  onFocusRow(id: number | null): void;
  onEnter(id: number): void;
  onRemove(id: number): void;
  onListen(id: number, text: string): void;
}

const PronunciationRow = memo(function PronunciationRow(props: RowProps) {
  const { row, number, problem, listening } = props;
  const name = number ? `entry ${number}` : 'the new entry';
  const problemId = `pronunciation-problem-${row.id}`;
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
    e.preventDefault();
    props.onEnter(row.id);
  };
  const field = (key: Field, label: string, maxLength: number) => (
    <input
      className="input"
      data-testid={key === 'word' ? 'pronunciation-word' : 'pronunciation-say-as'}
      data-field={key}
      data-autofocus={props.autoFocus && key === 'word' ? true : undefined}
      aria-label={`${label}, ${name}`}
      aria-invalid={problem?.field === key ? true : undefined}
      aria-describedby={problem?.field === key ? problemId : undefined}
      value={row[key]}
      maxLength={maxLength}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => props.onChange(row.id, key, e.target.value)}
      onKeyDown={onKeyDown}
    />
  );
  return (
    <li
      className={`pronunciation ${problem ? 'pronunciation--bad' : ''}`}
      data-testid="pronunciation-row"
      data-row-id={row.id}
      onFocus={() => props.onFocusRow(row.id)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) props.onFocusRow(null);
      }}
    >
      <span className="pronunciation__n mono" aria-hidden="true">
        {number ?? ''}
      </span>
      {field('word', 'Written', MAX_PRONUNCIATION_WORD_CHARS)}
      <Icon name="arrowRight" size={14} />
      {field('sayAs', 'Say as', MAX_PRONUNCIATION_SAY_AS_CHARS)}
      <button
        type="button"
        className={`btn btn--icon btn--small ${listening ? 'btn--active' : ''}`}
        data-testid="pronunciation-listen"
        data-state={listening ?? 'idle'}
        disabled={!props.canListen || row.sayAs.trim() === ''}
        title={listening === 'playing' ? 'Stop' : 'Listen to how it is said'}
        aria-label={listening === 'playing' ? `Stop ${name}` : `Listen to ${name}`}
        onClick={() => props.onListen(row.id, row.sayAs)}
      >
        {listening === 'rendering' ? (
          <span className="spinner" />
        ) : (
          <Icon name={listening === 'playing' ? 'stop' : 'speaker'} size={14} />
        )}
      </button>
      <button
        type="button"
        className="btn btn--ghost btn--icon btn--small btn--danger"
        data-testid="pronunciation-remove"
        title="Remove"
        aria-label={`Remove ${name}`}
        onClick={() => props.onRemove(row.id)}
      >
        <Icon name="trash" size={14} />
      </button>
      {problem ? (
        <span className="pronunciation__problem" id={problemId} data-testid="pronunciation-problem">
          {sentence(problem.message)}
        </span>
      ) : null}
    </li>
  );
});

/** The schema's messages start in lower case (they are also read in the middle of CLI errors). */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** The voice Listen uses: the selected turn's speaker, else the first speaker. */
function listenSpeaker(project: Project | null, selectedId: string | null) {
  const selected = project?.segments.find((s) => s.id === selectedId);
  return project?.speakers.find((s) => s.id === selected?.speakerId) ?? project?.speakers[0];
}

function summary(impact: PronunciationImpact): string {
  if (impact.changed === 0) return 'No turn is said differently.';
  const locked = impact.locked > 0 ? `; ${impact.locked} locked, so kept as rendered` : '';
  return `${counted(impact.changed, 'turn')} said differently${locked}.`;
}

export function PronunciationsDialog() {
  const studio = useStudio();
  const project = useProject();
  const takeIndex = useDocument((s) => s.takeIndex);
  const selectedId = useUi((s) => s.selectedSegmentId);
  // An empty list opens with one blank row, focused, to type the first word into.
  const [initial] = useState(() => {
    const entries = project?.settings.pronunciations ?? [];
    const rows = entries.length > 0 ? entries.map((entry) => newRow(entry)) : [newRow()];
    return { rows, focusId: entries.length > 0 ? null : (rows[0]?.id ?? null) };
  });
  const [rows, setRows] = useState<DraftRow[]>(initial.rows);
  // The row whose Written field takes the focus next (a new row, or the next one on Enter).
  const [focus, setFocus] = useState<{ rowId: number } | null>(null);
  const [activeRowId, setActiveRowId] = useState<number | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;

  const check = useMemo(() => checkDraft(rows), [rows]);
  const impact = useMemo(
    () => (project && check.entries ? pronunciationImpact(project, check.entries, takeIndex) : null),
    [project, check.entries, takeIndex],
  );
  const speaker = listenSpeaker(project, selectedId);
  const { state: listening, listen } = useListen(speaker);
  const listenRef = useRef(listen);
  listenRef.current = listen;

  useEffect(() => {
    if (!focus) return;
    const input = list.current?.querySelector<HTMLInputElement>(
      `[data-row-id="${focus.rowId}"] [data-field="word"]`,
    );
    (input ?? addButton.current)?.focus();
  }, [focus]);

  const full = rows.length >= MAX_PRONUNCIATIONS;
  const add = useCallback(() => {
    if (rowsRef.current.length >= MAX_PRONUNCIATIONS) return;
    const row = newRow();
    setRows((current) => [...current, row]);
    setFocus({ rowId: row.id });
  }, []);
  const onChange = useCallback((id: number, field: Field, value: string) => {
    setRows((current) => current.map((row) => (row.id === id ? { ...row, [field]: value } : row)));
  }, []);
  // Enter moves to the next row; in the last row it adds one (unless that row is still blank).
  const onEnter = useCallback(
    (id: number) => {
      const current = rowsRef.current;
      const at = current.findIndex((row) => row.id === id);
      const next = current[at + 1];
      if (next) setFocus({ rowId: next.id });
      else if (current[at] && !isBlankRow(current[at])) add();
    },
    [add],
  );
  const onRemove = useCallback((id: number) => {
    const current = rowsRef.current;
    const at = current.findIndex((row) => row.id === id);
    const heir = current[at + 1] ?? current[at - 1];
    setRows((latest) => latest.filter((row) => row.id !== id));
    // The focus stays in the list: on the row that took this one's place, else on "Add word".
    setFocus({ rowId: heir?.id ?? -1 });
  }, []);
  const onListen = useCallback((id: number, text: string) => void listenRef.current(id, text), []);

  const close = () => studio.ui.setState({ dialog: null });
  const apply = () => {
    if (!check.entries) return;
    const changed = studio.commands.setPronunciations(check.entries);
    close();
    if (changed && impact && impact.changed > 0) {
      pushToast(studio.ui, {
        kind: 'success',
        message: `Pronunciations applied: ${counted(impact.changed, 'turn')} said differently.`,
        hint:
          impact.rerender > 0
            ? 'Press Render all to render them again (Ctrl+Z undoes the change).'
            : 'Ctrl+Z undoes the change.',
      });
    }
  };

  const blocked = check.entries === null;
  // A row being typed into is not told it lacks its other half until the focus leaves it.
  const shownProblem = (row: DraftRow) => {
    const problem = check.problems.get(row.id);
    return problem && !(problem.incomplete && row.id === activeRowId) ? problem : undefined;
  };
  const marked = rows.some((row) => shownProblem(row) !== undefined);
  const blockedBy =
    check.listProblem ??
    (marked
      ? 'Fix the marked rows to apply the list.'
      : 'Fill in both sides of the entry to apply the list.');
  return (
    <Modal
      title="Pronunciations"
      onClose={close}
      testId="pronunciations-dialog"
      width={700}
      footer={
        <>
          <span
            className={`pronunciations__summary ${blocked ? 'pronunciations__summary--bad' : ''}`}
            data-testid="pronunciations-summary"
            aria-live="polite"
          >
            {blocked ? blockedBy : impact ? summary(impact) : null}
          </span>
          <button
            type="button"
            className="btn btn--ghost"
            data-testid="pronunciations-cancel"
            onClick={close}
          >
            Cancel
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="pronunciations-apply"
            disabled={blocked}
            onClick={apply}
          >
            {impact && impact.rerender > 0
              ? `Apply — ${counted(impact.rerender, 'turn')} will render again`
              : 'Apply'}
          </button>
        </>
      }
    >
      <p className="pronunciations__intro">
        Words the voices should say differently from how they are written, such as an acronym or a
        guest&apos;s name spelled as it sounds. Whole words match in any case. The script, the turn editor and
        the transcripts keep the written words. For espeak-ng voices, “Say as” can also be phonemes in double
        brackets, such as <code>[[s&apos;i:kw@l]]</code>.
        {speaker ? (
          <>
            {' '}
            Listen uses <b>{speaker.name}</b>&apos;s voice.
          </>
        ) : null}
      </p>
      <div className="pronunciations__head" aria-hidden="true">
        <span />
        <span>Written</span>
        <span />
        <span>Say as</span>
      </div>
      {rows.length === 0 ? (
        <p className="pronunciations__empty" data-testid="pronunciations-empty">
          No words listed: every word is said as it is written.
        </p>
      ) : null}
      <ol className="pronunciations" ref={list} aria-label="Pronunciations">
        {rows.map((row) => (
          <PronunciationRow
            key={row.id}
            row={row}
            number={check.numbers.get(row.id)}
            problem={shownProblem(row)}
            listening={listening?.rowId === row.id ? listening.phase : undefined}
            canListen={speaker !== undefined}
            autoFocus={row.id === initial.focusId}
            onChange={onChange}
            onFocusRow={setActiveRowId}
            onEnter={onEnter}
            onRemove={onRemove}
            onListen={onListen}
          />
        ))}
      </ol>
      <div className="pronunciations__add">
        <button
          type="button"
          className="btn btn--small"
          data-testid="pronunciation-add"
          ref={addButton}
          disabled={full}
          title={
            full
              ? `A project can list at most ${MAX_PRONUNCIATIONS} words`
              : 'Add a word (or press Enter in the last row)'
          }
          onClick={add}
        >
          <Icon name="plus" size={14} /> Add word
        </button>
        <span className="pronunciations__count">
          {counted(check.numbers.size, 'word')} of {MAX_PRONUNCIATIONS}
        </span>
        <ListFileActions
          entries={check.entries}
          onImport={(entries) => {
            const merged = mergeImported(rowsRef.current, entries);
            setRows(merged.rows);
            return merged;
          }}
        />
      </div>
    </Modal>
  );
}
