/**
 * Recording a clip in the studio, in Chromium with its fake microphone (`--use-fake-device-for-media-stream`,
 * a beeping input; the permission granted to the page as `--use-fake-ui-for-media-stream` would) against a fresh `roundtable serve` with an audio.cpp-style engine (the fake speech server;
 * its voices take a clip): Record… shows the input level and the time, Stop hands the recording to the same
 * waveform, trim, consent and import path as a picked file, and the speaker's card shows the stored clip.
 * Without the permission (headless Chromium refuses the request), the dialog says the microphone is blocked and how to allow it, and the file picker still works.
 *
 * data-testid: clip-record, clip-recorder (data-state), clip-meter (data-peak, aria-valuenow),
 * clip-record-time, clip-record-stop, clip-waveform, clip-label, clip-duration, clip-problem, clip-consent,
 * clip-save, speaker-clip-label.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FakeSpeechServer } from '../test-support/fake-speech-server/fake-speech-server';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './support/chromium';
import { createProjectFromScript } from './support/new-project';
import { savedProject } from './support/project-state';
import { screenshots } from './support/screens';
import type { ServeInstance } from './support/serve-fixture';
import { expect, RENDERER_MISSING_MESSAGE, rendererBuilt, startServe, test } from './support/serve-fixture';

const FAKE_MICROPHONE = '--use-fake-device-for-media-stream';

/** A project whose Guest speaks with an audio.cpp voice (which takes a clip), and its clip dialog open. */
async function openClipDialog(page: Page, serve: ServeInstance, fake: FakeSpeechServer, title: string) {
  fs.writeFileSync(
    path.join(serve.dataDir, 'engines.json'),
    JSON.stringify({
      version: 1,
      engines: [
        {
          name: 'vibe',
          model: fake.model,
          dialect: 'audiocpp',
          endpoints: [{ url: fake.url }],
          voices: ['alloy'],
        },
      ],
    }),
  );
  await page.setViewportSize({ width: 1440, height: 900 });
  await createProjectFromScript(
    page,
    serve.url,
    title,
    'Host: Welcome.\nGuest: Thank you, it is good to be here.',
  );
  const guest = page.getByTestId('speaker-row').filter({ has: page.locator('input[value="Guest"]') });
  const select = guest.getByTestId('voice-select');
  const option = select.locator('optgroup[label*="vibe"] option', { hasText: 'alloy' });
  await expect(option).toHaveCount(1);
  await select.selectOption((await option.getAttribute('value')) ?? '');
  await guest.getByTestId('speaker-clip-add').click();
  const dialog = page.getByTestId('clip-dialog');
  await expect(dialog).toBeVisible();
  return { dialog, guest };
}

test.use({ launchOptions: { ...chromiumLaunchOptions(), args: [...CHROMIUM_ARGS, FAKE_MICROPHONE] } });

test('a recording made in the studio becomes the speaker’s clip', async ({ page, context }) => {
  await context.grantPermissions(['microphone']);
  test.skip(!rendererBuilt(), RENDERER_MISSING_MESSAGE);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const fake = await FakeSpeechServer.start({ dialect: 'audiocpp' });
  const serve = await startServe();
  try {
    const { dialog, guest } = await openClipDialog(page, serve, fake, 'Record test');
    await dialog.getByTestId('clip-record').click();
    const recorder = dialog.getByTestId('clip-recorder');
    await expect(recorder).toHaveAttribute('data-state', 'recording');
    // The meter moves with the input (the fake microphone beeps).
    const meter = dialog.getByTestId('clip-meter');
    await expect
      .poll(async () => Number((await meter.getAttribute('data-peak')) || -Infinity), { timeout: 30_000 })
      .toBeGreaterThan(-40);
    // Record until the clock says 4 s (a clip needs 3), then stop.
    await expect
      .poll(async () => parseFloat((await dialog.getByTestId('clip-record-time').textContent()) ?? '0'), {
        timeout: 60_000,
      })
      .toBeGreaterThanOrEqual(4);
    await screenshots(page, 'clip-recording', dialog);
    await dialog.getByTestId('clip-record-stop').click();

    // The recording takes the picked file's path: waveform, trim, label, consent.
    await expect(dialog.getByTestId('clip-waveform')).toBeVisible({ timeout: 30_000 });
    await expect(recorder).toHaveCount(0);
    await expect(dialog.getByTestId('clip-label')).toHaveValue(/^Recording \d{4}-\d\d-\d\d \d\d\.\d\d$/);
    const duration = (await dialog.getByTestId('clip-duration').textContent()) ?? '';
    const total = parseFloat(duration.split(' of ')[1] ?? '0');
    expect(total).toBeGreaterThanOrEqual(3.5);
    await expect(dialog.getByTestId('clip-problem')).toHaveText('');
    await dialog.getByTestId('clip-label').fill('studio recording');
    await dialog.getByTestId('clip-consent').check();
    await dialog.getByTestId('clip-save').click();
    await expect(dialog).toHaveCount(0);
    await expect(guest.getByTestId('speaker-clip-label')).toHaveText('studio recording');

    // Stored like an imported file: 24 kHz, normalised, with its consent.
    const { dir } = savedProject(serve.dataDir, 'Record test');
    const records = fs.readdirSync(path.join(dir, 'clips')).filter((name) => name.endsWith('.json'));
    expect(records).toHaveLength(1);
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'clips', records[0]!), 'utf8')) as {
      sampleRate: number;
      durationSamples: number;
      sourceName: string;
      consent?: { statement: string };
    };
    expect(record.sampleRate).toBe(24_000);
    expect(record.durationSamples).toBeGreaterThanOrEqual(3 * 24_000);
    expect(record.sourceName).toMatch(/^Recording .*\.wav$/);
    expect(record.consent?.statement).toBe('I have the right to use this voice.');
    expect(pageErrors).toEqual([]);
  } finally {
    await serve.stop();
    await fake.close();
  }
});

test('the dialog says the microphone is blocked and how to allow it', async ({ page }) => {
  test.skip(!rendererBuilt(), RENDERER_MISSING_MESSAGE);
  const fake = await FakeSpeechServer.start({ dialect: 'audiocpp' });
  const serve = await startServe();
  try {
    const { dialog } = await openClipDialog(page, serve, fake, 'Blocked test');
    await dialog.getByTestId('clip-record').click();
    await expect(dialog.getByTestId('clip-problem')).toContainText(
      'The microphone is blocked for the studio',
    );
    await expect(dialog.getByTestId('clip-problem')).toContainText('Allow it');
    await expect(dialog.getByTestId('clip-recorder')).toHaveCount(0);
    await expect(dialog.getByTestId('clip-record')).toBeEnabled();
    await expect(dialog.getByTestId('clip-file')).toBeAttached();
  } finally {
    await serve.stop();
    await fake.close();
  }
});
