import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openStudio } from '../../testing/studio-harness';
import { EditorScreen } from './EditorScreen';

async function openEditor() {
  const harness = await openStudio();
  await harness.show(<EditorScreen />);
  return harness;
}

function selectedRow() {
  return screen.getAllByTestId('turn-row').find((row) => row.getAttribute('aria-selected') === 'true');
}

describe('EditorScreen (the panels together)', () => {
  it('shows every panel of an open project, none of them failing', async () => {
    await openEditor();
    expect(screen.queryByTestId('error-boundary')).toBeNull();
    for (const id of ['turn-list', 'speakers-panel', 'turn-editor', 'render-queue', 'time-display'])
      expect(screen.getByTestId(id)).toBeTruthy();
    expect(screen.getAllByTestId('turn-row')).toHaveLength(3);
  });

  it('keys select, delete and undo as the shortcut list says, and the inspector follows', async () => {
    const { user, project } = await openEditor();
    expect(selectedRow()?.dataset.segmentId).toBe('s1');
    await user.keyboard('{ArrowDown}');
    expect(selectedRow()?.dataset.segmentId).toBe('s2');
    expect(screen.getByTestId('turn-editor').dataset.segmentId).toBe('s2');

    await user.keyboard('{Delete}');
    expect(project().segments.map((s) => s.id)).toEqual(['s1', 's3']);
    expect(screen.getAllByTestId('turn-row')).toHaveLength(2);

    await user.keyboard('{Control>}z{/Control}');
    expect(project().segments.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
    expect(screen.getAllByTestId('turn-row')).toHaveLength(3);
  });

  it('Render all voices the turns that need it, and the list says so', async () => {
    const { user } = await openEditor();
    await user.click(screen.getByTestId('render-all'));
    await waitFor(() =>
      expect(screen.getAllByTestId('turn-status').map((chip) => chip.textContent)).toEqual([
        'rendered',
        'rendered',
        'rendered',
      ]),
    );
  });

  it('opens the script dialog from the top bar and closes it with Escape', async () => {
    const { user, studio } = await openEditor();
    await user.click(screen.getByTestId('add-script'));
    expect(screen.getByTestId('script-dialog')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('script-dialog')).toBeNull();
    expect(studio.ui.getState().dialog).toBeNull();
  });

  it('asks before closing a project with edits not saved', async () => {
    const { user, studio } = await openEditor();
    await user.click(screen.getByTestId('turn-delete'));
    await user.click(screen.getByTestId('close-project'));
    expect(await screen.findByTestId('close-dialog')).toBeTruthy();
    expect(studio.ui.getState().screen).toBe('editor');
  });
});
