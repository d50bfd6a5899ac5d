import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ExportOptions } from '../../../../shared/api/studio-api';
import type { FakeApiOptions } from '../../dev/fake-api';
import { openStudio, PROJECT_DIR, renderAllTurns } from '../../testing/studio-harness';
import { ExportDialog } from './ExportDialog';

async function openDialog(api: FakeApiOptions = {}) {
  const harness = await openStudio({ api });
  harness.studio.ui.setState({ dialog: 'export' });
  await harness.show(<ExportDialog />);
  return harness;
}

function exportOptions(calls: Array<{ method: string; input: unknown }>): Partial<ExportOptions>[] {
  return calls
    .filter((c) => c.method === 'startExport')
    .map((c) => (c.input as { options: Partial<ExportOptions> }).options);
}

function choice(name: string) {
  return within(screen.getByRole('radiogroup', { name: 'Format' })).getByRole('radio', { name });
}

describe('ExportDialog', () => {
  it('offers WAV, MP3 and FLAC; the MP3 bit rate appears with MP3 and defaults to the host default', async () => {
    const { user } = await openDialog();
    expect(choice('WAV').getAttribute('aria-checked')).toBe('true');
    expect(choice('MP3').getAttribute('aria-checked')).toBe('false');
    expect(choice('FLAC').getAttribute('aria-checked')).toBe('false');
    expect(screen.queryByTestId('export-bitrate')).toBeNull();

    await user.click(choice('MP3'));
    expect(choice('MP3').getAttribute('aria-checked')).toBe('true');
    const bitrate = screen.getByTestId<HTMLSelectElement>('export-bitrate');
    expect(bitrate.value).toBe('auto');
    expect(bitrate.selectedOptions[0]!.textContent).toBe('128 kbps CBR (mono default)');

    await user.selectOptions(screen.getByTestId('export-channels'), '2');
    expect(bitrate.selectedOptions[0]!.textContent).toBe('192 kbps CBR (stereo default)');

    await user.click(choice('FLAC'));
    expect(screen.queryByTestId('export-bitrate')).toBeNull();
  });

  it('exports with the choices made, leaving the bit rate to the host unless one is picked', async () => {
    const { user, api, studio } = await openDialog();
    await act(() => renderAllTurns(studio));
    await user.click(choice('MP3'));
    await user.click(screen.getByTestId('export-start'));
    expect(await screen.findByTestId('export-result')).toBeTruthy();
    expect(exportOptions(api.calls)[0]).toEqual({
      format: 'mp3',
      sampleRate: 44100,
      channels: 1,
      bitDepth: 16,
      splitByChapter: false,
    });
    expect(screen.getAllByTestId('export-file').map((f) => f.dataset.path)).toEqual([
      `${PROJECT_DIR}/exports/test-episode.mp3`,
    ]);

    await user.selectOptions(screen.getByTestId('export-bitrate'), '320');
    await user.click(screen.getByTestId('export-start'));
    await waitFor(() => expect(exportOptions(api.calls)).toHaveLength(2));
    expect(exportOptions(api.calls)[1]).toMatchObject({ format: 'mp3', mp3BitrateKbps: 320 });
  });

  it('says that turns not rendered yet are rendered first', async () => {
    await openDialog();
    expect(screen.getByTestId('export-dialog').textContent).toContain(
      '1 turn is not rendered or out of date: the export renders it first',
    );
  });

  it('shows the host error with what to do, and keeps the dialog ready to try again', async () => {
    const { user, studio } = await openDialog({
      failures: {
        startExport: {
          code: 'disk-full',
          message: 'The disk is full.',
          hint: 'Free some space on the disk, then export again.',
        },
      },
    });
    await act(() => renderAllTurns(studio));
    await user.click(screen.getByTestId('export-start'));
    const error = await screen.findByTestId('export-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain('The disk is full.');
    expect(error.textContent).toContain('Free some space on the disk, then export again.');
    expect(screen.getByTestId('export-start').textContent).toContain('Export');
    expect(screen.queryByTestId('export-result')).toBeNull();
  });

  it('says which turns could not be rendered, and exports nothing', async () => {
    const { user, api } = await openDialog({
      failures: { renderTakes: { code: 'engine', message: 'The engine is not available.' } },
    });
    await user.click(screen.getByTestId('export-start'));
    const error = await screen.findByTestId('export-error');
    expect(error.textContent).toContain('1 turn could not be rendered, so nothing was exported.');
    expect(exportOptions(api.calls)).toEqual([]);
  });
});
