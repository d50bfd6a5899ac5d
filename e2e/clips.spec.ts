/**
 * A voice from a reference clip in the studio (serve mode, Chromium): a speaker on an audio.cpp-style server
 * (the fake speech server in audio.cpp's dialect, which loads voice_samples from its disk) gets "Voice from a
 * clip…"; a WAV is picked, its waveform shown, trimmed (3-30 s enforced), consent confirmed and saved; the card
 * shows the clip and its duration, the clip plays from its URL, and the turn renders with the clip's real path.
 * A speaker on espeak is not offered a clip.
 *
 * data-testid: speaker-clip-add, clip-dialog, clip-file, clip-waveform, clip-start, clip-end, clip-duration,
 * clip-problem, clip-label, clip-consent, clip-save, speaker-clip, speaker-clip-label, speaker-clip-duration,
 * speaker-clip-play.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FakeSpeechServer } from '../test-support/fake-speech-server/fake-speech-server';
import { createProjectFromScript } from './support/new-project';
import { turnStatuses } from './support/project-state';
import { RENDERER_MISSING_MESSAGE, startServe } from './support/serve-fixture';

test('a speaker gets a voice from a trimmed, consented clip and renders with it', async ({ page }) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-e2e-clips-'));
  const fake = await FakeSpeechServer.start({ dialect: 'audiocpp' });
  const serve = await startServe();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  try {
    test.skip(!serve.rendererBuilt, RENDERER_MISSING_MESSAGE);
    // An audio.cpp engine on this machine (engines.json is read when the studio first lists engines).
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
    const recording = path.join(work, 'guest-voice.wav');
    execFileSync('espeak-ng', [
      '-v',
      'en-us+f3',
      '-w',
      recording,
      'This is how I sound on a quiet afternoon, talking about the garden, the weather and the neighbours. Then I go on for a little while longer, so that there is plenty to choose from.',
    ]);

    await page.setViewportSize({ width: 1440, height: 900 });
    await createProjectFromScript(
      page,
      serve.url,
      'Clips test',
      'Host: Welcome to the show.\nGuest: Thank you, it is good to be here.',
    );
    const host = page.getByTestId('speaker-row').filter({ has: page.locator('input[value="Host"]') });
    const guest = page.getByTestId('speaker-row').filter({ has: page.locator('input[value="Guest"]') });
    // espeak cannot clone a voice: no clip offered.
    await expect(host.getByTestId('voice-select')).toBeVisible();
    await expect(host.getByTestId('speaker-clip-add')).toHaveCount(0);

    const select = guest.getByTestId('voice-select');
    const option = select.locator('optgroup[label*="vibe"] option', { hasText: 'alloy' });
    await expect(option).toHaveCount(1);
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await guest.getByTestId('speaker-clip-add').click();

    const dialog = page.getByTestId('clip-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('clip-file').setInputFiles(recording);
    await expect(dialog.getByTestId('clip-waveform')).toBeVisible();
    await expect(dialog.getByTestId('clip-label')).toHaveValue('guest-voice');
    // Too short a selection cannot be saved.
    await dialog.getByTestId('clip-end').fill('2');
    await expect(dialog.getByTestId('clip-problem')).toContainText('choose at least 3 s');
    await dialog.getByTestId('clip-start').fill('0.5');
    await dialog.getByTestId('clip-end').fill('6.5');
    await expect(dialog.getByTestId('clip-duration')).toContainText('6.0 s of');
    await expect(dialog.getByTestId('clip-problem')).toHaveText('');
    // Not without consent.
    await expect(dialog.getByTestId('clip-save')).toBeDisabled();
    await expect(dialog).toContainText('I have the right to use this voice.');
    await dialog.getByTestId('clip-consent').check();
    await dialog.getByTestId('clip-save').click();
    await expect(dialog).toHaveCount(0);

    const card = guest.getByTestId('speaker-clip');
    await expect(card.getByTestId('speaker-clip-label')).toHaveText('guest-voice');
    await expect(card.getByTestId('speaker-clip-duration')).toHaveText('6.0 s');
    await expect(card.getByTestId('speaker-clip-play')).toBeVisible();

    await page.getByTestId('render-all').click();
    await expect.poll(() => turnStatuses(page), { timeout: 90_000 }).toEqual(['done', 'done']);
    const samples = fake
      .speechRequests()
      .map((request) => (request.body as { options?: { voice_samples?: string } }).options?.voice_samples)
      .filter((value): value is string => value !== undefined);
    expect(samples.length).toBeGreaterThanOrEqual(1);
    const clipPath = samples[0]!;
    expect(clipPath).toMatch(/[/\\]clips[/\\][0-9a-f]{64}\.wav$/);
    expect(fs.existsSync(clipPath)).toBe(true);
    const consent = JSON.parse(fs.readFileSync(clipPath.replace(/\.wav$/, '.json'), 'utf8')) as {
      consent?: { statement: string };
      durationSamples: number;
    };
    expect(consent).toMatchObject({
      durationSamples: 144_000,
      consent: { statement: 'I have the right to use this voice.' },
    });

    // The card's Play plays the stored clip from its URL.
    const sha = path.basename(clipPath, '.wav');
    const projectDir = path.dirname(path.dirname(clipPath));
    const response = await page.request.get(
      `${serve.origin}/clip/${sha}?dir=${encodeURIComponent(projectDir)}`,
    );
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('audio/wav');
    fs.mkdirSync(path.join(path.dirname(new URL(import.meta.url).pathname), 'artifacts', 'screens'), {
      recursive: true,
    });
    await page.screenshot({
      path: path.join(
        path.dirname(new URL(import.meta.url).pathname),
        'artifacts',
        'screens',
        'clips-1440x900.png',
      ),
    });
    expect(pageErrors).toEqual([]);
  } finally {
    await serve.stop();
    await fake.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
});
