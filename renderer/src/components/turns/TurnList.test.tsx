import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../state/test-fixtures';
import { mediaPlays } from '../../testing/dom-stubs';
import { holdRenders, openStudio } from '../../testing/studio-harness';
import { TurnList } from './TurnList';

/** Each row's state: [data-status, the words on its chip]. */
function states() {
  return screen.getAllByTestId('turn-row').map((row) => {
    const chip = row.querySelector('[data-testid="turn-status"]');
    return [row.dataset.status, chip?.textContent];
  });
}

function selected() {
  return screen.getAllByTestId('turn-row').map((row) => row.getAttribute('aria-selected'));
}

describe('TurnList', () => {
  it('says each turn state in the shared words: rendered, locked, out of date, queued, rendering, failed', async () => {
    const { studio, api, show } = await openStudio();
    // Renders report nothing by themselves: the test sends the host's progress.
    holdRenders(api);
    await show(<TurnList />);
    expect(states()).toEqual([
      ['done', 'rendered'],
      ['done', 'rendered'],
      ['unrendered', 'not rendered'],
    ]);

    act(() => {
      studio.commands.setLocked('s1', true);
      studio.commands.setText('s2', 'Hi again, Ada.');
    });
    expect(states().slice(0, 2)).toEqual([
      ['done', 'locked'],
      ['stale', 'out of date'],
    ]);
    expect(screen.getAllByTestId('turn-row')[0]!.dataset.locked).toBe('true');

    let jobId: string | null = null;
    await act(async () => {
      jobId = await studio.renderer.renderSegments(['s3'], { force: false });
    });
    expect(jobId).not.toBeNull();
    expect(states()[2]).toEqual(['queued', 'queued']);

    const progress = { jobId: jobId!, segmentId: 's3', doneCount: 0, totalCount: 1 };
    act(() => api.emit('onRenderProgress', { ...progress, status: 'rendering' }));
    expect(states()[2]).toEqual(['rendering', 'rendering']);

    act(() =>
      api.emit('onRenderProgress', {
        ...progress,
        status: 'failed',
        doneCount: 1,
        error: { code: 'engine', message: 'The engine stopped.', hint: 'Regenerate the turn.' },
      }),
    );
    expect(states()[2]).toEqual(['failed', 'failed']);
  });

  it('selects the turn clicked, follows a selection made elsewhere, and plays only turns with audio', async () => {
    const { studio, show } = await openStudio();
    await show(<TurnList />);
    // Opening a project selects its first turn.
    expect(selected()).toEqual(['true', 'false', 'false']);
    act(() => studio.ui.setState({ selectedSegmentId: null }));
    expect(selected()).toEqual(['false', 'false', 'false']);
    expect(screen.queryByTestId('play-from-selected')).toBeNull();

    fireEvent.mouseDown(screen.getAllByTestId('turn-row')[1]!);
    expect(selected()).toEqual(['false', 'true', 'false']);
    expect(studio.ui.getState().selectedSegmentId).toBe('s2');
    expect(screen.getByTestId('play-from-selected')).toBeTruthy();

    act(() => studio.ui.setState({ selectedSegmentId: 's3' }));
    expect(selected()).toEqual(['false', 'false', 'true']);

    // Turn 3 has no take: nothing plays and the studio says why.
    fireEvent.click(screen.getByRole('button', { name: 'Play turn 3' }));
    expect(await screen.findByText('This turn has no audio yet.')).toBeTruthy();
    expect(mediaPlays()).toEqual([]);

    // Turn 1 has one: its take plays.
    fireEvent.click(screen.getByRole('button', { name: 'Play turn 1' }));
    const hash = sampleProject().segments[0]!.take!.hash;
    await waitFor(() => expect(mediaPlays().map((p) => p.src)).toContain(`fake://take/${hash}`));
    expect(studio.ui.getState().selectedSegmentId).toBe('s1');
  });

  it('shows what to do when the project has no turns', async () => {
    const project = sampleProject();
    project.segments = [];
    project.chapters = [];
    const { show } = await openStudio({ project });
    await show(<TurnList />);
    expect(screen.getByTestId('turns-empty').textContent).toContain('No turns yet');
    expect(screen.queryAllByTestId('turn-row')).toEqual([]);
  });
});
