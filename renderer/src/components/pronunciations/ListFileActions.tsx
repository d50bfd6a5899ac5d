/**
 * Import and copy for the Pronunciations dialog, so a series keeps one list for every episode: Import reads
 * a list file (`written = said as` lines or JSON, as `roundtable render --pronunciations` takes) into the
 * draft; Copy puts the list on the clipboard in the same form, to paste into a file (the desktop app does
 * not download files).
 */
import { useState } from 'react';
import { decodeScriptBytes } from '../../../../shared/script/decode-script';
import { readPronunciationList, writePronunciationList } from '../../../../shared/text/pronunciation-list';
import type { Pronunciation } from '../../../../shared/text/pronunciations';
import { counted } from '../../../../shared/text/plural';
import { Icon } from '../common/Icon';

const MAX_FILE_BYTES = 1024 * 1024;

interface Props {
  /** The draft's entries, or null while a row has a problem (nothing to copy then). */
  entries: Pronunciation[] | null;
  onImport(entries: Pronunciation[]): { added: number; replaced: number };
}

type Note = { kind: 'ok' | 'bad'; text: string } | null;

export function ListFileActions({ entries, onImport }: Props) {
  const [note, setNote] = useState<Note>(null);

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setNote({ kind: 'bad', text: `${file.name} is larger than 1 MB: that is not a pronunciation list.` });
      return;
    }
    const { text } = decodeScriptBytes(new Uint8Array(await file.arrayBuffer()));
    const reading = readPronunciationList(text, file.name);
    if (!reading.ok) {
      const more = reading.problems.length > 3 ? ` (and ${reading.problems.length - 3} more)` : '';
      setNote({
        kind: 'bad',
        text: `Nothing imported. ${reading.problems.slice(0, 3).join('; ')}${more}. Lines look like "SQL = sequel".`,
      });
      return;
    }
    const { added, replaced } = onImport(reading.entries);
    setNote({
      kind: 'ok',
      text: `From ${file.name}: ${counted(added, 'word')} added, ${counted(replaced, 'pronunciation')} changed. Apply to keep them.`,
    });
  };

  const copy = async () => {
    if (!entries) return;
    try {
      await navigator.clipboard.writeText(writePronunciationList(entries));
      setNote({
        kind: 'ok',
        text: `Copied ${counted(entries.length, 'word')}: paste them into a text file to keep.`,
      });
    } catch {
      setNote({
        kind: 'bad',
        text: 'The clipboard is not available here: select the rows and copy them by hand.',
      });
    }
  };

  return (
    <>
      <span className="panel__spacer" />
      <label className="btn btn--small btn--ghost" title="Add the words of a list file (written = said as)">
        <Icon name="file" size={14} /> Import…
        <input
          type="file"
          accept=".txt,.json,text/plain,application/json"
          className="visually-hidden"
          data-testid="pronunciations-import"
          onChange={(e) => void importFile(e.currentTarget)}
        />
      </label>
      <button
        type="button"
        className="btn btn--small btn--ghost"
        data-testid="pronunciations-copy"
        disabled={!entries || entries.length === 0}
        title="Copy the list as text (written = said as), to keep it in a file for the next episode"
        onClick={() => void copy()}
      >
        Copy list
      </button>
      {note ? (
        <p
          className={`pronunciations__file-note ${note.kind === 'bad' ? 'pronunciations__file-note--bad' : ''}`}
          role="status"
          data-testid="pronunciations-file-note"
        >
          {note.text}
        </p>
      ) : null}
    </>
  );
}
