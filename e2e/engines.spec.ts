/**
 * Settings → Engines in the studio: a speech server (the fake, on a free port) is added in the dialog,
 * tested (models, voices, one render, round trip), one of its voices picked for a speaker without a reload,
 * a turn rendered through it, and the engine removed again.
 *
 * data-testid: engines-open, engines-dialog, engine-add-{name,url,model,apiKeyEnv,maxConcurrent},
 * engine-add, engine-add-error, engine-row, engine-endpoint, engine-test, engine-test-result,
 * engine-status, engine-remove, engine-remove-confirm, engines-empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FakeSpeechServer } from '../test-support/fake-speech-server/fake-speech-server';
import { createProjectFromScript } from './support/new-project';
import { turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

const SCREENS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens');

test('a speech server is added, tested, used for a turn and removed in Settings → Engines', async ({
  studio,
}) => {
  const { page, url } = studio;
  const fake = await FakeSpeechServer.start();
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await createProjectFromScript(page, url, 'Engines test', 'Host: Hello from a speech server.');

    await page.getByRole('button', { name: 'Engines' }).click();
    const dialog = page.getByTestId('engines-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('engines-empty')).toBeVisible();

    // The CLI's checks, in the studio's words.
    await dialog.getByTestId('engine-add-name').fill('fakelab');
    await dialog.getByTestId('engine-add-url').fill('ftp://nowhere');
    await dialog.getByTestId('engine-add-model').fill(fake.model);
    await dialog.getByTestId('engine-add').click();
    await expect(dialog.getByTestId('engine-add-error')).toContainText(
      'Base URL "ftp://nowhere": the URL must start with http:// or https://',
    );

    await dialog.getByTestId('engine-add-url').fill(`${fake.url}/v1`);
    await dialog.getByTestId('engine-add-maxConcurrent').fill('2');
    await dialog.getByTestId('engine-add').click();
    const row = dialog.getByTestId('engine-row').filter({ hasText: 'fakelab' });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('engine-endpoint')).toContainText(`${fake.url}/v1`);
    await expect(row.getByTestId('engine-endpoint')).toContainText('2 at once');
    await expect(row.getByTestId('engine-endpoint')).toContainText('local');
    await expect(dialog.getByTestId('engine-add-error')).toHaveCount(0);

    await row.getByTestId('engine-test').click();
    const result = row.getByTestId('engine-test-result');
    await expect(result).toContainText(`models: ${fake.model}`);
    await expect(result).toContainText('voices: alloy');
    await expect(result).toContainText(/render: \d+\.\d s of audio with voice alloy, round trip \d+ ms/);
    await expect(row.getByTestId('engine-status')).toHaveText('works');

    fs.mkdirSync(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENS_DIR, 'engines-1440x900.png') });
    await page.setViewportSize({ width: 900, height: 600 });
    await expect(page.getByRole('button', { name: 'Engines' })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENS_DIR, 'engines-900x600.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The picker offers the new engine's voices without a reload.
    const select = page.getByTestId('speaker-row').first().getByTestId('voice-select');
    const option = select.locator('optgroup[label*="fakelab"] option', { hasText: 'alloy' });
    await expect(option).toHaveCount(1);
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await page.getByTestId('render-all').click();
    await expect.poll(() => turnStatuses(page), { timeout: 90_000 }).toEqual(['done']);
    expect(fake.speechRequests().filter((request) => request.status === 200).length).toBeGreaterThanOrEqual(
      2,
    );
    expect(fake.speechRequests().at(-1)?.body).toMatchObject({ model: fake.model, voice: 'alloy' });

    await page.getByRole('button', { name: 'Engines' }).click();
    const again = page.getByTestId('engine-row').filter({ hasText: 'fakelab' });
    await again.getByTestId('engine-remove').click();
    await again.getByTestId('engine-remove-confirm').click();
    await expect(page.getByTestId('engines-empty')).toBeVisible();
    await page.getByTestId('engines-dialog').getByRole('button', { name: 'Close' }).click();
    await expect(select.locator('optgroup[label*="fakelab"]')).toHaveCount(0);
  } finally {
    await fake.close();
  }
});
