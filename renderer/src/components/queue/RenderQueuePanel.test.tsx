import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../state/test-fixtures';
import { holdRenders, openStudio, renderAllTurns } from '../../testing/studio-harness';
import { RenderQueuePanel } from './RenderQueuePanel';

/** The sample episode with no take yet. */
function unrendered() {
  const project = sampleProject();
  project.segments = project.segments.map(({ take: _take, ...segment }) => segment);
  return project;
}

/** Each row: [its turn's words, the status it shows]. */
function rows() {
  return screen
    .getAllByTestId('queue-row')
    .map((row) => [row.querySelector('.queue-row__text')?.textContent, row.dataset.status]);
}

describe('RenderQueuePanel', () => {
  it('shows each finished turn as the document has it now: after an edit, an undo, a delete and its undo', async () => {
    const { studio, show } = await openStudio({ project: unrendered() });
    await show(<RenderQueuePanel />);
    expect(screen.getByText('Nothing rendering')).toBeTruthy();

    await act(() => renderAllTurns(studio));
    expect(rows()).toEqual([
      ['Hello there.', 'done'],
      ['Hi, Ada.', 'done'],
      ['Shall we begin?', 'done'],
    ]);
    expect(screen.getByTestId('render-queue').querySelector('.queue__big')?.textContent).toBe('3/3');

    act(() => void studio.commands.setText('s2', 'Hi there, Ada.'));
    expect(rows()[1]).toEqual(['Hi there, Ada.', 'stale']);
    expect(screen.getAllByTestId('queue-row')[1]!.textContent).toContain('out of date');

    act(() => void studio.commands.undo());
    expect(rows()[1]).toEqual(['Hi, Ada.', 'done']);

    act(() => void studio.commands.delete('s3'));
    expect(rows()[2]).toEqual(['deleted turn', 'done']);

    act(() => void studio.commands.undo());
    expect(rows()[2]).toEqual(['Shall we begin?', 'done']);
  });

  it('selects the turn of a row clicked', async () => {
    const { studio, show, user } = await openStudio({ project: unrendered() });
    await show(<RenderQueuePanel />);
    await act(() => renderAllTurns(studio));
    await user.click(screen.getAllByTestId('queue-row')[2]!);
    expect(studio.ui.getState().selectedSegmentId).toBe('s3');
  });

  it('cancels a running render', async () => {
    const { studio, api, show, user } = await openStudio({ project: unrendered() });
    holdRenders(api);
    await show(<RenderQueuePanel />);
    const cancel = screen.getByTestId<HTMLButtonElement>('render-cancel');
    expect(cancel.disabled).toBe(true);

    await act(async () => void (await studio.renderer.renderAll()));
    // The fake host starts the first turn at once; the others wait their turn.
    expect(
      rows()
        .map(([, status]) => status)
        .slice(1),
    ).toEqual(['queued', 'queued']);
    expect(cancel.disabled).toBe(false);
    await user.click(cancel);
    expect(api.calls.filter((c) => c.method === 'cancelRender').map((c) => c.input)).toEqual([
      { jobId: 'held-1' },
    ]);
  });
});
