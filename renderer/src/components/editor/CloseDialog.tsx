/** Asked when a project with unsaved changes is closed: save them, drop them, or stay. */
import { useState } from 'react';
import { useProject, useStudio } from '../../app/studio-context';
import type { CloseChoice } from '../../state/project-controller';
import { Modal } from '../common/Modal';

export function CloseDialog() {
  const studio = useStudio();
  const project = useProject();
  const [busy, setBusy] = useState(false);
  const stay = () => {
    if (!busy) studio.ui.setState({ dialog: null });
  };
  const finish = (choice: CloseChoice) => {
    setBusy(true);
    void studio.projects.finishClose(choice).finally(() => setBusy(false));
  };
  return (
    <Modal
      title="Save changes before closing?"
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
            Don&apos;t save
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
            Save and close
          </button>
        </>
      }
    >
      <p className="close-dialog__text">
        <b>{project?.title ?? 'This project'}</b> has changes that are not in project.json yet (edits, or
        turns rendered since the last save). Don&apos;t save drops them; rendered takes stay in the take
        cache.
      </p>
    </Modal>
  );
}
