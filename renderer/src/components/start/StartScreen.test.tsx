import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../state/test-fixtures';
import { openStudio } from '../../testing/studio-harness';
import { StartScreen } from './StartScreen';

const SAVED_DIR = '/home/producer/episodes/pilot';

/** The start screen over a fake host that has one project saved. */
async function openStart() {
  const harness = await openStudio({ project: null });
  harness.api.projects.set(SAVED_DIR, { ...sampleProject(), title: 'Pilot' });
  await act(() => harness.studio.start());
  await harness.show(<StartScreen />);
  return harness;
}

describe('StartScreen', () => {
  it('lists recent projects and opens the one clicked in the editor', async () => {
    const { user, studio } = await openStart();
    const recent = screen.getByTestId('recent-project');
    expect(recent.textContent).toContain('Pilot');
    expect(recent.textContent).toContain(SAVED_DIR);
    await user.click(recent);
    await waitFor(() => expect(studio.ui.getState().screen).toBe('editor'));
    expect(studio.documents.getState().dir).toBe(SAVED_DIR);
  });

  it('opens a folder typed by path, and says what to do when there is no project there', async () => {
    const { user, studio } = await openStart();
    const open = screen.getByTestId<HTMLButtonElement>('open-project');
    expect(open.disabled).toBe(true);

    await user.click(screen.getByTestId('open-dir-input'));
    await user.paste('/home/producer/nowhere');
    await user.click(open);
    expect(await screen.findByText('There is no project at /home/producer/nowhere.')).toBeTruthy();
    expect(screen.getByText('Check the folder path, or create a new project.')).toBeTruthy();
    expect(studio.ui.getState().screen).toBe('start');

    await user.clear(screen.getByTestId('open-dir-input'));
    await user.click(screen.getByTestId('open-dir-input'));
    await user.paste(SAVED_DIR);
    await user.click(open);
    await waitFor(() => expect(studio.ui.getState().screen).toBe('editor'));
  });

  it('lists the voice engines and starts a new project', async () => {
    const { user, studio } = await openStart();
    expect(screen.getByTestId('engines').textContent).toContain('Kokoro 82M');
    await user.click(screen.getByTestId('start-new-project'));
    expect(studio.ui.getState().screen).toBe('new-project');
  });
});
