/**
 * Asked when a project whose edits are not in project.json is closed: save them to the project, close
 * without them, or stay. Each choice says what it keeps; nothing the header called saved is dropped (the
 * header calls only project.json saved: autosaved edits are "kept in autosave").
 */
import { useState } from 'react';
import { useProject, useStudio } from '../../app/studio-context';
import type { CloseChoice } from '../../state/project-controller';
import { Modal } from '../common/Modal';
import { useSaveStatus } from './use-save-status';

export function CloseDialog() {
  const studio = useStudio();
  const project = useProject();
  const [busy, setBusy] = useState(false);
  const status = useSaveStatus();
  const stay = () => {
    if (!busy) studio.ui.setState({ dialog: null });
  };
  const finish = (choice: CloseChoice) => {
    setBusy(true);
    void studio.projects.finishClose(choice).finally(() => setBusy(false));
  };
  return (
    <Modal
      title="Save your edits to the project before closing?"
      onClose={stay}
      testId="close-dialog"
      width={480}
      footer={
        <>
          <button
            type="button"
            className="btn btn--ghost close-dialog__discard"
            data-testid="close-discard"
            disabled={busy}
            onClick={() => finish('discard')}
          >
            Close without saving
          </button>
          <button
            type="button"
            className="btn btn--ghost"
            data-testid="close-cancel"
            disabled={busy}
            onClick={stay}
          >
            Cancel
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="close-save"
            data-autofocus
            disabled={busy}
            onClick={() => finish('save')}
          >
            Save to project and close
          </button>
        </>
      }
    >
      <p className="close-dialog__text">
        <b>{project?.title ?? 'This project'}</b> has edits (or turns rendered) since it was last saved to
        project.json.{' '}
        {status === 'autosaved'
          ? 'They are kept in the autosave while the project is open.'
          : 'The newest are not in the autosave yet.'}
      </p>
      <ul className="close-dialog__choices" data-testid="close-choices">
        <li>
          <b>Save to project and close</b> writes them to project.json.
        </li>
        <li>
          <b>Close without saving</b> keeps project.json as it was last saved and deletes these edits,
          autosave included. Rendered takes stay in the take cache.
        </li>
        <li>
          <b>Cancel</b> keeps the project open with the edits.
        </li>
      </ul>
    </Modal>
  );
}
