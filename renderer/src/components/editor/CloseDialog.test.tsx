import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useUi } from '../../app/studio-context';
import type { FakeApiOptions } from '../../dev/fake-api';
import { openStudio, PROJECT_DIR } from '../../testing/studio-harness';
import { CloseDialog } from './CloseDialog';

/** The dialog where the editor puts it: shown while the studio asks. */
function WhenAsked() {
  return useUi((s) => s.dialog) === 'close' ? <CloseDialog /> : null;
}

const EDITED = 'Shall we begin, then?';

/** The sample project with one edit not saved to project.json, and Close pressed. */
async function closeWithAnEdit(api: FakeApiOptions = {}) {
  const harness = await openStudio({ api });
  const { studio, show } = harness;
  studio.commands.setText('s3', EDITED);
  await show(<WhenAsked />);
  let closed: boolean | null = null;
  await act(async () => {
    closed = await studio.projects.close();
  });
  expect(closed).toBe(false);
  expect(screen.getByTestId('close-dialog')).toBeTruthy();
  const methods = () => harness.api.calls.map((c) => c.method);
  const savedText = () => harness.api.projects.get(PROJECT_DIR)?.segments[2]?.text;
  return { ...harness, methods, savedText };
}

describe('CloseDialog (closing with edits not saved to the project)', () => {
  it('says where the edits are now and what each choice keeps', async () => {
    const { autosaveNow } = await closeWithAnEdit();
    const dialog = screen.getByTestId('close-dialog');
    expect(dialog.textContent).toContain('The newest are not in the autosave yet.');
    const choices = screen.getByTestId('close-choices').textContent;
    expect(choices).toContain('Save to project and close writes them to project.json.');
    expect(choices).toContain('Close without saving keeps project.json as it was last saved');
    expect(choices).toContain('Cancel keeps the project open with the edits.');

    await act(() => autosaveNow());
    expect(dialog.textContent).toContain('They are kept in the autosave while the project is open.');
  });

  it('Save to project and close writes the edit to project.json, then closes', async () => {
    const { user, studio, methods, savedText } = await closeWithAnEdit();
    expect(savedText()).toBe('Shall we begin?');
    await user.click(screen.getByTestId('close-save'));
    await waitFor(() => expect(studio.ui.getState().screen).toBe('start'));
    expect(savedText()).toBe(EDITED);
    expect(methods()).toContain('saveProject');
    expect(methods()).toContain('closeProject');
    expect(screen.queryByTestId('close-dialog')).toBeNull();
  });

  it('Close without saving keeps project.json as it was and drops the edit', async () => {
    const { user, studio, methods, savedText } = await closeWithAnEdit();
    await user.click(screen.getByTestId('close-discard'));
    await waitFor(() => expect(studio.ui.getState().screen).toBe('start'));
    expect(methods()).not.toContain('saveProject');
    expect(methods()).toContain('closeProject');
    expect(savedText()).toBe('Shall we begin?');
    expect(studio.documents.getState().dir).toBeNull();
  });

  it('Cancel keeps the project open with the edit, and saves nothing', async () => {
    const { user, studio, methods, project } = await closeWithAnEdit();
    await user.click(screen.getByTestId('close-cancel'));
    expect(screen.queryByTestId('close-dialog')).toBeNull();
    expect(studio.ui.getState().screen).toBe('editor');
    expect(project().segments[2]!.text).toBe(EDITED);
    expect(methods()).not.toContain('saveProject');
    expect(methods()).not.toContain('closeProject');
  });

  it('a save that fails keeps the project open with the edit and says why', async () => {
    const { user, studio, methods, project } = await closeWithAnEdit({
      failures: {
        saveProject: {
          code: 'read-only',
          message: 'The project folder is read-only.',
          hint: 'Save the project to another folder.',
        },
      },
    });
    await user.click(screen.getByTestId('close-save'));
    expect(await screen.findByText('The project folder is read-only.')).toBeTruthy();
    expect(studio.ui.getState().screen).toBe('editor');
    expect(project().segments[2]!.text).toBe(EDITED);
    expect(methods()).not.toContain('closeProject');
  });
});
