/**
 * Issue 20 end to end, in Chromium against a fresh `roundtable serve` (an imported pack changes other specs'
 * default voices): a Pocket TTS pack laid out as KevinAHM/pocket-tts-onnx publishes it, with the five test
 * graphs the suite builds (published names, shapes and loop semantics), is imported from the studio; a
 * speaker's voice becomes a recording through "Voice from a clip…" (picked, trimmed by dragging on the
 * waveform, consent confirmed); the speaker card shows the clip and plays it; the turn renders through the
 * real loader and the real autoregressive loop (the take's metadata names the clip, which is in its key);
 * Regenerate draws a new seed and makes a different take (seed recorded); A/B plays the clip and then the
 * take, Switch jumps between them, and Keep B brings back an earlier take with its seed.
 *
 * data-testid: speaker-clip-add, clip-dialog, clip-file, clip-waveform, clip-start, clip-end, clip-duration,
 * clip-problem, clip-consent, clip-save, speaker-clip, speaker-clip-{label,duration,play} (data-state),
 * turn-seed (data-seed, data-hash), turn-regenerate, take-clip, take-ab-clip, take-ab-clip-item,
 * ab-compare (data-a, data-b, data-phase), ab-phase, ab-toggle, ab-keep-b, take-history-item.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { writePocketTestPack } from '../test-support/onnx/pocket-test-pack';
import { createProjectFromScript } from './support/new-project';
import { savedProject, turnStatuses } from './support/project-state';
import { SCREEN_SIZES, screenshots } from './support/screens';
import { expect, RENDERER_MISSING_MESSAGE, rendererBuilt, startServe, test } from './support/serve-fixture';

const POCKET_VOICE = 'pocket-tts:pocket-tts-onnx/reference_sample';

interface TakeMeta {
  engine: string;
  model?: string;
  clip?: string;
  seed?: number;
  text: string;
}

function takeMeta(projectDir: string, hash: string): TakeMeta {
  return JSON.parse(fs.readFileSync(path.join(projectDir, 'takes', `${hash}.json`), 'utf8')) as TakeMeta;
}

/** Imports the pack folder through the voice picker's model manager and gives `row`'s speaker its voice. */
async function usePocketVoice(page: Page, speakerName: string, folder: string): Promise<void> {
  const row = page.getByTestId('speaker-row').filter({ has: page.locator(`input[value="${speakerName}"]`) });
  await row.getByTestId('speaker-voice-picker').click();
  const picker = page.getByTestId('voice-picker');
  await picker.getByTestId('voice-source-models').click();
  const models = page.getByTestId('models-dialog');
  await models.getByTestId('model-import-folder').fill(folder);
  await models.getByTestId('model-import').click();
  const pack = models.getByTestId('model-pack').filter({ hasText: 'pocket-tts-onnx' });
  await expect(pack.getByTestId('model-pack-engine')).toHaveText('pocket-tts', { timeout: 120_000 });
  await models.getByRole('button', { name: 'Close' }).click();
  const voice = picker.locator(`[data-testid="voice-row"][data-voice="${POCKET_VOICE}"]`);
  await voice.getByTestId('voice-use').click();
  await picker.getByTestId('voice-picker-done').click();
  await expect(picker).toHaveCount(0);
}

test('a voice from a clip on Pocket TTS: import, trim, consent, render, Regenerate, A/B with the clip', async ({
  page,
}) => {
  test.skip(!rendererBuilt(), RENDERER_MISSING_MESSAGE);
  // A hang guard: a fresh server, a pack import and three autoregressive renders on a shared 2-core machine.
  test.setTimeout(600_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-e2e-clip-voice-'));
  const serve = await startServe();
  try {
    const folder = await writePocketTestPack(path.join(work, 'pocket-tts-onnx'));
    const recording = path.join(work, 'guest-voice.wav');
    execFileSync('espeak-ng', [
      '-v',
      'en-us+f3',
      '-w',
      recording,
      'This is how I sound on a quiet afternoon, talking about the garden, the weather and the neighbours. Then I go on for a little while longer, so that there is plenty to choose from.',
    ]);

    await page.setViewportSize(SCREEN_SIZES[0]);
    await createProjectFromScript(
      page,
      serve.url,
      'Clip voice test',
      'Host: Welcome to the show.\nGuest: Thank you, it is good to be here.',
    );
    const { dir: projectDir } = savedProject(serve.dataDir, 'Clip voice test');
    const guest = page.getByTestId('speaker-row').filter({ has: page.locator('input[value="Guest"]') });
    await usePocketVoice(page, 'Guest', folder);

    // Voice from a clip…: pick the recording, trim it by dragging on the waveform, confirm consent.
    await guest.getByTestId('speaker-clip-add').click();
    const dialog = page.getByTestId('clip-dialog');
    await dialog.getByTestId('clip-file').setInputFiles(recording);
    const wave = dialog.getByTestId('clip-waveform');
    await expect(wave).toBeVisible();
    const box = (await wave.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.35, y, { steps: 4 });
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 4 });
    await page.mouse.up();
    const startS = Number(await dialog.getByTestId('clip-start').inputValue());
    const endS = Number(await dialog.getByTestId('clip-end').inputValue());
    expect(startS).toBeGreaterThan(0);
    expect(endS - startS).toBeGreaterThanOrEqual(3);
    expect(endS - startS).toBeLessThanOrEqual(30);
    await expect(dialog.getByTestId('clip-duration')).toContainText(`${(endS - startS).toFixed(1)} s of`);
    await expect(dialog.getByTestId('clip-problem')).toHaveText('');
    await expect(dialog.getByTestId('clip-save')).toBeDisabled();
    await dialog.getByTestId('clip-consent').check();
    await screenshots(page, 'clip-dialog', dialog);
    await dialog.getByTestId('clip-save').click();
    await expect(dialog).toHaveCount(0);

    // The card shows the clip and plays it.
    const card = guest.getByTestId('speaker-clip');
    await expect(card.getByTestId('speaker-clip-label')).toHaveText('guest-voice');
    // The voice it replaces (the pack's reference_sample) is not what the card or the lane calls it.
    await expect(guest.getByTestId('voice-select-face')).toContainText('Clip “guest-voice”');
    await expect(page.locator('.lane-head__voice').nth(1)).toHaveText('clip “guest-voice”');
    await expect(card.getByTestId('speaker-clip-duration')).toHaveText(`${(endS - startS).toFixed(1)} s`);
    const play = card.getByTestId('speaker-clip-play');
    await play.click();
    await expect(play).toHaveAttribute('data-state', 'playing');
    await expect(play).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 }); // played to its end
    await screenshots(page, 'speaker-card-clip', guest, () => guest.scrollIntoViewIfNeeded());
    const clips = fs.readdirSync(path.join(projectDir, 'clips'));
    const sha = clips.find((name) => name.endsWith('.wav'))!.replace(/\.wav$/, '');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const record = JSON.parse(fs.readFileSync(path.join(projectDir, 'clips', `${sha}.json`), 'utf8')) as {
      consent?: { statement: string };
    };
    expect(record.consent?.statement).toBe('I have the right to use this voice.');

    // Render: the Guest's turn through the real loader and loop on the test graphs, with the clip.
    await page.getByTestId('render-all').click();
    await expect.poll(() => turnStatuses(page), { timeout: 300_000 }).toEqual(['done', 'done']);
    await page.getByTestId('turn-row').nth(1).click();
    const seedLine = page.getByTestId('turn-seed');
    const firstHash = (await seedLine.getAttribute('data-hash')) ?? '';
    expect(firstHash).toMatch(/^[0-9a-f]{32}$/);
    expect(takeMeta(projectDir, firstHash)).toMatchObject({
      engine: 'pocket-tts',
      model: 'pocket-tts-onnx',
      clip: sha,
      text: 'Thank you, it is good to be here.',
    });
    // The voice cache holds the clip's encoding, made once.
    const voices = path.join(serve.dataDir, 'cache', 'voices');
    expect(fs.readdirSync(voices).flatMap((d) => fs.readdirSync(path.join(voices, d)))).toContain(
      `${sha}.emb`,
    );

    // Regenerate: a new seed, another take of the same clip.
    await page.getByTestId('turn-regenerate').click();
    await expect(seedLine).toHaveAttribute('data-seed', /^\d+$/, { timeout: 300_000 });
    await expect.poll(() => turnStatuses(page), { timeout: 300_000 }).toEqual(['done', 'done']);
    const seed = Number(await seedLine.getAttribute('data-seed'));
    const hash = (await seedLine.getAttribute('data-hash')) ?? '';
    expect(hash).not.toBe(firstHash);
    expect(takeMeta(projectDir, hash)).toMatchObject({ engine: 'pocket-tts', clip: sha, seed });
    const takes = path.join(projectDir, 'takes');
    expect(
      fs
        .readFileSync(path.join(takes, `${hash}.wav`))
        .equals(fs.readFileSync(path.join(takes, `${firstHash}.wav`))),
    ).toBe(false);
    await expect(page.getByTestId('take-history-item')).toHaveCount(1);

    // A/B: the clip (A), then the current take (B); Switch jumps to the other side.
    await expect(page.getByTestId('take-clip')).toContainText('guest-voice');
    await page.getByTestId('take-ab-clip').click();
    const ab = page.getByTestId('ab-compare');
    await expect(ab).toHaveAttribute('data-a', `clip:${sha}`);
    await expect(ab).toHaveAttribute('data-b', `take:${hash}`);
    await expect(page.getByTestId('ab-phase')).toContainText('Playing A: the reference clip');
    await page.getByTestId('ab-toggle').click();
    await expect(ab).toHaveAttribute('data-phase', 'B');
    await expect(page.getByTestId('ab-phase')).toContainText('Playing B: the current take');
    await expect(ab).toHaveAttribute('data-phase', 'done', { timeout: 60_000 }); // B alone, to its end
    await page.getByTestId('ab-again').click();
    await expect(ab).toHaveAttribute('data-phase', 'A');
    await expect(ab).toHaveAttribute('data-phase', 'B', { timeout: 60_000 });
    await expect(ab).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
    // The take history's A/B control, scrolled into view at each size.
    const history = page.getByTestId('turn-editor').locator('.field').filter({ has: ab });
    await screenshots(page, 'ab-clip', history, () =>
      page.getByTestId('take-history').scrollIntoViewIfNeeded(),
    );

    // The clip against the earlier take; Keep B brings that take back (the first one, no seed of its own).
    await page.getByTestId('take-history-item').first().getByTestId('take-ab-clip-item').click();
    await expect(ab).toHaveAttribute('data-b', `take:${firstHash}`);
    await expect(page.getByTestId('ab-phase')).toContainText('take #1');
    await page.getByTestId('ab-keep-b').click();
    await expect(ab).toHaveCount(0);
    await expect(seedLine).toHaveAttribute('data-hash', firstHash);
    await expect(page.getByTestId('take-history-item')).toHaveCount(1);
    await expect(page.getByTestId('take-history-item').first()).toHaveAttribute('data-seed', String(seed));
  } finally {
    await serve.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});
