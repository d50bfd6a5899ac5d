import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FakeApiOptions } from '../../dev/fake-api';
import { openStudio } from '../../testing/studio-harness';
import { ModelsDialog } from './ModelsDialog';

async function openDialog(api: FakeApiOptions = {}) {
  const harness = await openStudio({ api });
  harness.studio.ui.setState({ dialog: 'models' });
  await harness.show(<ModelsDialog />);
  return harness;
}

describe('ModelsDialog', () => {
  it('lists the installed pack with its voices, verifies it, and removes it only after a confirmation', async () => {
    const { user, api } = await openDialog();
    const pack = await screen.findByTestId('model-pack');
    expect(pack.dataset.pack).toBe('kokoro-v1');
    expect(within(pack).getByTestId('model-pack-voices').textContent).toMatch(/^2 voices: /);
    expect(within(pack).getByTestId('model-pack-verification').dataset.state).toBe('imported');

    await user.click(within(pack).getByTestId('model-pack-verify'));
    await waitFor(() =>
      expect(within(pack).getByTestId('model-pack-verification').dataset.state).toBe('verified'),
    );

    await user.click(within(pack).getByTestId('model-pack-remove'));
    expect(api.calls.some((c) => c.method === 'removeModelPack')).toBe(false);
    await user.click(within(pack).getByTestId('model-pack-remove-confirm'));
    expect(await screen.findByTestId('models-empty')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'removeModelPack').map((c) => c.input)).toEqual([
      { id: 'kokoro-v1' },
    ]);
  });

  it('imports a folder typed by path, with the id and licence given', async () => {
    const { user, api } = await openDialog();
    const importButton = screen.getByTestId<HTMLButtonElement>('model-import');
    expect(importButton.disabled).toBe(true);
    await user.click(screen.getByTestId('model-import-folder'));
    await user.paste('/home/producer/Downloads/piper-de');
    await user.type(screen.getByTestId('model-import-id'), 'piper-de');
    await user.type(screen.getByTestId('model-import-license'), 'MIT');
    await user.click(importButton);

    await waitFor(() =>
      expect(screen.getAllByTestId('model-pack').map((p) => p.dataset.pack)).toEqual([
        'kokoro-v1',
        'piper-de',
      ]),
    );
    expect(api.calls.find((c) => c.method === 'importModelPack')?.input).toMatchObject({
      folder: '/home/producer/Downloads/piper-de',
      id: 'piper-de',
      license: 'MIT',
      replace: false,
    });
    expect(screen.getByTestId<HTMLInputElement>('model-import-folder').value).toBe('');
  });

  it('shows why an import failed and keeps the folder typed', async () => {
    const { user } = await openDialog({
      failures: {
        importModelPack: {
          code: 'not-a-pack',
          message: 'No .onnx model in /tmp/empty.',
          hint: 'Choose the folder that holds the model file.',
        },
      },
    });
    await user.click(screen.getByTestId('model-import-folder'));
    await user.paste('/tmp/empty');
    await user.click(screen.getByTestId('model-import'));
    const error = await screen.findByTestId('model-import-error');
    expect(error.textContent).toBe(
      'No .onnx model in /tmp/empty. — Choose the folder that holds the model file.',
    );
    expect(screen.getByTestId<HTMLInputElement>('model-import-folder').value).toBe('/tmp/empty');
  });
});
