/** Add turns from a script to the open project (one undoable step). */
import { useMemo, useState } from 'react';
import { useCatalog, useProject, useStudio, useUi } from '../../app/studio-context';
import { pushToast } from '../../state/ui-store';
import { Modal } from '../common/Modal';
import { Segmented } from '../common/Segmented';
import { ScriptForm } from './ScriptForm';
import { useParsedScript } from './use-parsed-script';
import { useLanguageCheck } from './use-language-check';
import type { Speaker } from '../../../../shared/model/project';
import { counted } from '../../../../shared/text/plural';

const NO_SPEAKERS: Speaker[] = [];

export function ScriptDialog() {
  const studio = useStudio();
  const voices = useCatalog((s) => s.voices);
  const project = useProject();
  const selectedId = useUi((s) => s.selectedSegmentId);
  const [text, setText] = useState('');
  const [where, setWhere] = useState<'end' | 'after'>('end');
  const segments = project?.segments ?? [];
  const speakers = project?.speakers;
  // A name in the new script that looks like a typo of the project's speakers is reported too.
  const knownSpeakers = useMemo(
    () =>
      (speakers ?? []).map((speaker) => ({
        name: speaker.name,
        turns: segments.filter((segment) => segment.speakerId === speaker.id).length,
      })),
    [speakers, segments],
  );
  const script = useParsedScript(text, knownSpeakers);
  const { parsed, summary } = useLanguageCheck(script.parsed, speakers ?? NO_SPEAKERS, voices);
  const pending = script.pending;
  const selectedIndex = segments.findIndex((segment) => segment.id === selectedId);
  // "After turn N" only where it differs from the end.
  const canInsert = selectedIndex >= 0 && selectedIndex < segments.length - 1;
  const close = () => studio.ui.setState({ dialog: null });
  const add = () => {
    const after = canInsert && where === 'after' ? selectedId : null;
    const added = studio.commands.addScript(parsed, voices, after);
    close();
    if (added > 0) {
      pushToast(studio.ui, {
        kind: 'success',
        message: `Added ${counted(added, 'turn')}${after ? ` after turn ${selectedIndex + 1}` : ''}.`,
        hint: 'Press Render all to voice them.',
      });
    }
  };
  return (
    <Modal
      title="Add turns from a script"
      onClose={close}
      testId="script-dialog"
      width={820}
      footer={
        <>
          {summary.errors > 0 && summary.turns > 0 ? (
            <span className="script-dialog__warn" data-testid="script-dialog-warning">
              {counted(summary.errors, 'line')} could not be used: fix {summary.errors === 1 ? 'it' : 'them'}{' '}
              first, or add the turns without {summary.errors === 1 ? 'it' : 'them'}.
            </span>
          ) : null}
          <button type="button" className="btn btn--ghost" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="script-add"
            disabled={summary.turns === 0 || pending}
            onClick={add}
          >
            Add {counted(summary.turns, 'turn')}
          </button>
        </>
      }
    >
      {canInsert ? (
        <div className="script-dialog__where">
          <span className="field__label">Add the turns</span>
          <Segmented<'after' | 'end'>
            label="Where to add the turns"
            options={[
              ['after', `After turn ${selectedIndex + 1}`],
              ['end', 'At the end'],
            ]}
            value={where}
            onChange={setWhere}
            testIdPrefix="script-where-"
          />
        </div>
      ) : null}
      <ScriptForm text={text} onChange={setText} parsed={parsed} summary={summary} rows={14} />
    </Modal>
  );
}
