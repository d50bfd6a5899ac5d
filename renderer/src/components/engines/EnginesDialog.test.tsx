import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AddServerEngineInput } from '../../../../shared/api/engines-api';
import { openStudio, type Harness } from '../../testing/studio-harness';
import { EnginesDialog } from './EnginesDialog';

/**
 * The host checks what is typed (electron/host/speech-server/engine-admin.ts) and answers with an ApiError
 * naming the field by its label; this double gives the fake host the same answer for a missing URL and a
 * bad "Max concurrent".
 */
function checkLikeTheHost(harness: Harness): void {
  const add = harness.api.addServerEngine.bind(harness.api);
  harness.api.addServerEngine = async (input: AddServerEngineInput) => {
    if (!input.url.trim())
      throw { code: 'url-missing', message: 'Base URL is needed', hint: 'e.g. http://127.0.0.1:8880/v1' };
    const max = Number(input.maxConcurrent ?? 1);
    if (!Number.isInteger(max) || max < 1 || max > 64)
      throw {
        code: 'max-concurrent-invalid',
        message: `Max concurrent must be a whole number from 1 to 64 (got "${String(input.maxConcurrent)}")`,
      };
    return add(input);
  };
}

/** The dialog over the fake host, with `engines` already added to it. */
async function openDialog(engines: AddServerEngineInput[] = []) {
  const harness = await openStudio();
  checkLikeTheHost(harness);
  for (const engine of engines) await harness.api.addServerEngine(engine);
  harness.studio.ui.setState({ dialog: 'engines' });
  await harness.show(<EnginesDialog />);
  return harness;
}

describe('EnginesDialog', () => {
  it('shows what is wrong with a URL engine being added, keeps what was typed, and adds it once fixed', async () => {
    const { user, api } = await openDialog();
    expect(screen.getByTestId('engines-empty')).toBeTruthy();
    await user.type(screen.getByTestId('engine-add-name'), 'lab');
    await user.type(screen.getByTestId('engine-add-model'), 'kokoro');
    await user.click(screen.getByTestId('engine-add'));

    const error = await screen.findByTestId('engine-add-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe('Base URL is needed — e.g. http://127.0.0.1:8880/v1');
    expect(screen.getByTestId<HTMLInputElement>('engine-add-name').value).toBe('lab');
    expect(screen.queryByTestId('engines-list')).toBeNull();

    await user.click(screen.getByTestId('engine-add-url'));
    await user.paste('http://127.0.0.1:8880/v1');
    await user.clear(screen.getByTestId('engine-add-maxConcurrent'));
    await user.type(screen.getByTestId('engine-add-maxConcurrent'), '0');
    await user.click(screen.getByTestId('engine-add'));
    await waitFor(() =>
      expect(screen.getByTestId('engine-add-error').textContent).toBe(
        'Max concurrent must be a whole number from 1 to 64 (got "0") — Nothing was added.',
      ),
    );

    await user.clear(screen.getByTestId('engine-add-maxConcurrent'));
    await user.type(screen.getByTestId('engine-add-maxConcurrent'), '2');
    await user.click(screen.getByTestId('engine-add'));
    const engine = await screen.findByTestId('engine-row');
    expect(engine.dataset.engine).toBe('lab');
    expect(within(engine).getByTestId('engine-endpoint').textContent).toContain('2 at once');
    expect(within(engine).getByTestId('engine-endpoint').textContent).toContain('local');
    expect(screen.queryByTestId('engine-add-error')).toBeNull();
    expect(screen.getByTestId<HTMLInputElement>('engine-add-name').value).toBe('');
    expect(await screen.findByText('Added lab.')).toBeTruthy();
    // The voice lists are read again so the new engine's voices can be picked.
    expect(api.calls.filter((c) => c.method === 'listEngines').length).toBeGreaterThan(1);
  });

  it('marks an engine that sends text off this machine', async () => {
    const { user } = await openDialog();
    await user.type(screen.getByTestId('engine-add-name'), 'cloud');
    await user.click(screen.getByTestId('engine-add-url'));
    await user.paste('https://speech.example.com/v1');
    await user.click(screen.getByTestId('engine-add'));
    const endpoint = await screen.findByTestId('engine-endpoint');
    expect(endpoint.textContent).toContain('sends text to https://speech.example.com/v1');
  });

  it('tests an engine and removes one only after a confirmation', async () => {
    const { user, api } = await openDialog([
      { name: 'lab', url: 'http://127.0.0.1:8880/v1', model: 'kokoro' },
    ]);
    expect(screen.getByTestId('engine-status').textContent).toBe('not tested yet');
    await user.click(screen.getByRole('button', { name: 'Test lab' }));
    await waitFor(() => expect(screen.getByTestId('engine-status').textContent).toBe('works'));
    expect(screen.getByTestId('engine-test-result')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove lab' }));
    expect(api.calls.some((c) => c.method === 'removeServerEngine')).toBe(false);
    await user.click(screen.getByRole('button', { name: 'Remove lab for good' }));
    expect(await screen.findByTestId('engines-empty')).toBeTruthy();
    expect(api.calls.filter((c) => c.method === 'removeServerEngine').map((c) => c.input)).toEqual([
      { name: 'lab' },
    ]);
  });

  it('in serve mode started without --allow-sidecar-commands, says how to add a sidecar instead of a form', async () => {
    const { user } = await openDialog();
    await user.click(screen.getByTestId('engine-add-kind-sidecar'));
    expect(screen.getByTestId('sidecar-add-refused').textContent).toContain(
      'roundtable serve --allow-sidecar-commands',
    );
    expect(screen.queryByTestId('sidecar-add-form')).toBeNull();
    await user.click(screen.getByTestId('engine-add-kind-url'));
    expect(screen.getByTestId('engine-add-url')).toBeTruthy();
  });
});
