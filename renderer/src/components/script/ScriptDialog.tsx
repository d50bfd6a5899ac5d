/** Add turns from a script to the open project (one undoable step). */
import { useState } from 'react';
import { useCatalog, useStudio } from '../../app/studio-context';
import { pushToast } from '../../state/ui-store';
import { Modal } from '../common/Modal';
import { ScriptForm } from './ScriptForm';
import { useParsedScript } from './use-parsed-script';
import { counted } from '../../../../shared/text/plural';

export function ScriptDialog() {
  const studio = useStudio();
  const voices = useCatalog((s) => s.voices);
  const [text, setText] = useState('');
  const { parsed, summary, pending } = useParsedScript(text);
  const close = () => studio.ui.setState({ dialog: null });
  const add = () => {
    const added = studio.commands.appendScript(parsed, voices);
    close();
    if (added > 0) {
      pushToast(studio.ui, {
        kind: 'success',
        message: `Added ${counted(added, 'turn')}.`,
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
      <ScriptForm text={text} onChange={setText} parsed={parsed} summary={summary} rows={14} />
    </Modal>
  );
}
