import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sampleProject } from '../../state/test-fixtures';
import { holdRenders, openStudio, PROJECT_DIR, renderAllTurns } from '../../testing/studio-harness';
import { StatusBar } from './StatusBar';

/** The sample episode with no take yet. */
function unrendered() {
  const project = sampleProject();
  project.segments = project.segments.map(({ take: _take, ...segment }) => segment);
  return project;
}

const TIME = /\d\d:\d\d:\d\d/;

describe('StatusBar', () => {
  it('counts turns and rendered turns, and says the length is an estimate until all are rendered', async () => {
    const { show, studio } = await openStudio();
    await show(<StatusBar />);
    const bar = screen.getByTestId('status-bar');
    expect(bar.textContent).toContain('3 turns');
    expect(screen.getByTestId('status-rendered').textContent).toBe('2/3 rendered');
    expect(bar.textContent).toContain('≈ ');
    expect(bar.textContent).toContain(PROJECT_DIR);

    await act(() => renderAllTurns(studio));
    expect(screen.getByTestId('status-rendered').textContent).toBe('3/3 rendered');
    expect(bar.textContent).not.toContain('≈');
  });

  it('shows how many turns failed to render', async () => {
    const { show, studio, api } = await openStudio({ project: unrendered() });
    const jobs = holdRenders(api);
    await show(<StatusBar />);
    await act(async () => void (await studio.renderer.renderAll()));
    const [jobId] = [...jobs.keys()];
    act(() =>
      api.emit('onRenderProgress', {
        jobId: jobId!,
        segmentId: 's1',
        status: 'failed',
        error: { code: 'engine-failed', message: 'Kokoro stopped.' },
        doneCount: 1,
        totalCount: 3,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('status-rendered').textContent).toBe('0/3 rendered · 1 failed'),
    );
  });

  it('shows the memory pressure from the host and opens the Resources tab on a click', async () => {
    const { show, studio, api, user } = await openStudio({
      api: { failures: { getResources: { code: 'internal', message: 'not yet' } } },
    });
    await show(<StatusBar />);
    const pressure = screen.getByRole('button', { name: 'Memory —' });
    act(() =>
      api.emit('onResources', {
        atMs: 1,
        ram: { totalBytes: 16 * 1024 ** 3, freeBytes: 1024 ** 3 },
        gpus: [],
        workerRssBytes: null,
        pressure: 'high',
      }),
    );
    expect(pressure.textContent).toBe('Memory high');
    await user.click(pressure);
    expect(studio.ui.getState().sideTab).toBe('resources');
  });

  it('says whether edits are only autosaved or saved to the project', async () => {
    const { show, studio, autosaveNow } = await openStudio();
    await show(<StatusBar />);
    const saved = screen.getByTestId('status-saved');
    expect(saved.textContent).toBe('Saved to project');

    act(() => void studio.commands.setText('s3', 'Shall we start, then?'));
    expect(saved.textContent).toBe('Edits not in project yet');
    await act(() => autosaveNow());
    expect(saved.textContent).toMatch(new RegExp(`^Edits autosaved ${TIME.source}, not in project$`));

    await act(async () => void (await studio.projects.save()));
    expect(saved.textContent).toMatch(new RegExp(`^Saved to project ${TIME.source}$`));
  });
});
