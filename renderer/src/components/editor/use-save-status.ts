import { useDocument, useUi } from '../../app/studio-context';
import { selectDirty, selectProject } from '../../state/document-store';
import { saveStatus, type SaveStatus } from '../../state/save-status';

/** Where the open document's edits are now: project.json, the autosave, or neither yet. */
export function useSaveStatus(): SaveStatus {
  const dirty = useDocument(selectDirty);
  const project = useDocument(selectProject);
  const saving = useUi((s) => s.saving);
  const autosaved = useUi((s) => s.autosavedProject);
  return saveStatus({ saving, dirty, autosaveCurrent: autosaved !== null && autosaved === project });
}
