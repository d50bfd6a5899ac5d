/**
 * Model packs and choosing voices by ear, in Chromium against a fresh `roundtable serve` (an imported pack
 * would change other specs' default voices): a Kokoro folder built by the suite is imported from the studio
 * (a typed path: the browser cannot pick a folder on the server) with the CLI's checks, verified, and its
 * voices appear in the picker; five voices are auditioned without assigning them (each sample rendered once,
 * through the take cache), one is assigned, the turns render, and the turn's take used it.
 *
 * data-testid: speaker-voice-picker, voice-picker, voice-row (data-voice, data-sample), voice-play,
 * voice-use, voice-in-use, voice-favourite, voice-filter-{language,engine,gender,favourites}, voice-search,
 * voice-source-models, models-dialog, model-import-{folder,license,error}, model-import, model-pack,
 * model-pack-{engine,voices,languages,license,verification,verify}.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeKokoroTestPack } from '../test-support/onnx/test-packs';
import { createProjectFromScript } from './support/new-project';
import { savedProject, turnStatuses } from './support/project-state';
import { SCREEN_SIZES, screenshots } from './support/screens';
import { expect, RENDERER_MISSING_MESSAGE, rendererBuilt, startServe, test } from './support/serve-fixture';

const SIZES = SCREEN_SIZES;

function takeWavs(projectDir: string): string[] {
  return fs.readdirSync(path.join(projectDir, 'takes')).filter((name) => name.endsWith('.wav'));
}

test('a pack is imported in the studio; five voices are auditioned, one is assigned and renders', async ({
  page,
}) => {
  test.skip(!rendererBuilt(), RENDERER_MISSING_MESSAGE);
  // A hang guard: a fresh server, an import and seven renders on a shared 2-core machine.
  test.setTimeout(480_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-e2e-picker-'));
  const serve = await startServe();
  try {
    const folder = path.join(work, 'Kokoro-test');
    await writeKokoroTestPack(folder);
    await page.setViewportSize(SIZES[0]);
    await createProjectFromScript(
      page,
      serve.url,
      'Picker test',
      'Host: Welcome to the show.\nGuest: Thank you for having me.\n',
    );
    const host = page.getByTestId('speaker-row').first();
    const hostVoiceBefore = await host.getByTestId('voice-select').inputValue();

    // The picker's footer leads to the model manager.
    await host.getByTestId('speaker-voice-picker').click();
    const picker = page.getByTestId('voice-picker');
    await expect(picker).toBeVisible();
    await expect(picker.locator('[data-voice^="kokoro:"]')).toHaveCount(0);
    await picker.getByTestId('voice-source-models').click();
    const models = page.getByTestId('models-dialog');
    await expect(models.getByTestId('models-empty')).toBeVisible();

    // The CLI's checks, in the CLI's words.
    await models.getByTestId('model-import-folder').fill('Kokoro-test');
    await models.getByTestId('model-import').click();
    await expect(models.getByTestId('model-import-error')).toContainText('"Kokoro-test" is not a full path');
    await models.getByTestId('model-import-folder').fill(work);
    await models.getByTestId('model-import').click();
    await expect(models.getByTestId('model-import-error')).toContainText(work);

    await models.getByTestId('model-import-folder').fill(folder);
    await models.getByTestId('model-import-license').fill('Apache-2.0');
    await models.getByTestId('model-import').click();
    const pack = models.getByTestId('model-pack').filter({ hasText: 'Kokoro-test' });
    await expect(pack).toBeVisible({ timeout: 60_000 });
    await expect(models.getByTestId('model-import-error')).toHaveCount(0);
    await expect(pack.getByTestId('model-pack-engine')).toHaveText('kokoro');
    await expect(pack.getByTestId('model-pack-voices')).toContainText('2 voices');
    await expect(pack.getByTestId('model-pack-languages')).toContainText('English (en-US)');
    await expect(pack.getByTestId('model-pack-license')).toHaveText('licence: Apache-2.0');
    await expect(pack.getByTestId('model-pack-verification')).toHaveAttribute('data-state', 'imported');
    await pack.getByTestId('model-pack-verify').click();
    await expect(pack.getByTestId('model-pack-verification')).toHaveAttribute('data-state', 'verified');
    await expect(pack.getByTestId('model-pack-verification')).toContainText('4 files match their SHA-256');
    await screenshots(page, 'model-packs', models);

    // Closing the model manager goes back to the picker, which lists the new voices.
    await models.getByRole('button', { name: 'Close' }).click();
    await expect(picker).toBeVisible();
    await expect(picker.locator('[data-voice^="kokoro:Kokoro-test/"]')).toHaveCount(2);
    await picker.getByTestId('voice-filter-engine').selectOption('kokoro');
    await expect(picker.getByTestId('voice-row')).toHaveCount(2);
    await picker.getByTestId('voice-filter-engine').selectOption('');
    await picker.getByTestId('voice-search').fill('kokoro-test am_test');
    await expect(picker.getByTestId('voice-row')).toHaveCount(1);
    await picker.getByTestId('voice-search').fill('');

    // Audition five voices (two Kokoro, three espeak) without assigning any.
    const { dir: projectDir } = savedProject(serve.dataDir, 'Picker test');
    const auditioned = [
      'kokoro:Kokoro-test/af_test',
      'kokoro:Kokoro-test/am_test',
      ...(await picker
        .locator('[data-testid="voice-row"][data-voice^="espeak:"]')
        .evaluateAll((rows) => rows.slice(1, 4).map((row) => (row as HTMLElement).dataset.voice ?? ''))),
    ];
    expect(new Set(auditioned).size).toBe(5);
    for (const voice of auditioned) {
      const row = picker.locator(`[data-testid="voice-row"][data-voice="${voice}"]`);
      await row.getByTestId('voice-play').click();
      await expect(row).toHaveAttribute('data-sample', /^(playing|played)$/, { timeout: 60_000 });
    }
    expect(takeWavs(projectDir)).toHaveLength(5);
    // A sample is rendered once: playing it again comes from the take cache (no new take).
    const again = picker.locator(`[data-testid="voice-row"][data-voice="${auditioned[2]}"]`);
    await again.getByTestId('voice-play').click();
    await expect(again).toHaveAttribute('data-plays', '2', { timeout: 60_000 });
    expect(takeWavs(projectDir)).toHaveLength(5);
    await expect(host.getByTestId('voice-select')).toHaveValue(hostVoiceBefore);
    await expect(picker.getByTestId('voice-in-use')).toHaveCount(1);

    // Favourites are the user's: starred here, listed first, kept in the data folder.
    const amTest = picker.locator('[data-testid="voice-row"][data-voice="kokoro:Kokoro-test/am_test"]');
    await amTest.getByTestId('voice-favourite').click();
    await expect(amTest.getByTestId('voice-favourite')).toHaveAttribute('aria-pressed', 'true');
    await expect(picker.getByTestId('voice-row').first()).toHaveAttribute(
      'data-voice',
      'kokoro:Kokoro-test/am_test',
    );
    expect(JSON.parse(fs.readFileSync(path.join(serve.dataDir, 'voice-favourites.json'), 'utf8'))).toEqual({
      version: 1,
      voices: [{ engine: 'kokoro', model: 'Kokoro-test', voice: 'am_test' }],
    });
    await screenshots(page, 'voice-picker', picker);

    // Assigning is its own click.
    await amTest.getByTestId('voice-use').click();
    await expect(amTest.getByTestId('voice-in-use')).toBeVisible();
    await picker.getByTestId('voice-picker-done').click();
    await expect(picker).toHaveCount(0);
    await expect(host.getByTestId('voice-select')).not.toHaveValue(hostVoiceBefore);

    await page.getByTestId('render-all').click();
    await expect.poll(() => turnStatuses(page), { timeout: 90_000 }).toEqual(['done', 'done']);
    await page.getByTestId('save').click();
    await expect(page.getByTestId('save')).toHaveText('Saved to project');
    const { project } = savedProject(serve.dataDir, 'Picker test');
    const hostSpeaker = project.speakers[0]!;
    expect(hostSpeaker.voice).toMatchObject({ engine: 'kokoro', model: 'Kokoro-test', voice: 'am_test' });
    const hostTurn = project.segments.find((segment) => segment.speakerId === hostSpeaker.id)!;
    const meta = JSON.parse(
      fs.readFileSync(path.join(projectDir, 'takes', `${hostTurn.take!.hash}.json`), 'utf8'),
    ) as { engine: string; model?: string; voice: string; text: string };
    expect(meta).toMatchObject({ engine: 'kokoro', model: 'Kokoro-test', voice: 'am_test' });
    expect(meta.text).toContain('Welcome to the show.');
  } finally {
    await serve.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  expect(pageErrors, 'uncaught errors in the page').toEqual([]);
});
