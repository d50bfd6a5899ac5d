/**
 * The studio end to end in serve mode: import a script, assign voices, render every turn, play one, edit and
 * regenerate a turn, undo, delete and restore with the keyboard, look at the resource monitor, export.
 * Screenshots of each main screen go to e2e/artifacts/screens/.
 *
 * data-testid attributes the specs use (renderer/src/components/**):
 *   start screen      start-screen, start-new-project, recent-project, open-dir-input, open-project
 *   new project       new-project-screen, project-title, project-dir, import-script (file input),
 *                     script-input (textarea), script-summary, diagnostics, diagnostic (data-line),
 *                     found-speakers, create-project
 *   editor            editor, project-title-input, save, undo, redo, play-all, transport-toggle,
 *                     time-display, add-script, render-all, render-progress, export-open, close-project,
 *                     status-bar, status-rendered, toast
 *   speakers          speakers-panel, speaker-row (data-speaker-id), speaker-name, voice-select,
 *                     speaker-audition (data-state), speaker-rate, speaker-pitch, speaker-level,
 *                     speaker-level-value, match-levels (data-state)
 *   timeline          timeline, timeline-canvas, playhead, zoom-in, zoom-out, zoom-fit, zoom-level
 *   turns             turn-list, turn-row (data-index, data-segment-id, data-status, data-locked),
 *                     turn-row-text, turn-status, turn-play, turn-grip, play-from-selected
 *   turn editor       turn-editor (data-segment-id), turn-editor-status, waveform (data-state),
 *                     waveform-empty, waveform-play, turn-editor-play, turn-play-from, turn-regenerate,
 *                     turn-text, locked-hint, turn-speaker, turn-gap, turn-lock, turn-delete,
 *                     take-history, take-history-item, take-restore
 *   dock              tab-queue, tab-resources, render-queue, queue-row (data-status), render-cancel,
 *                     resource-monitor, pressure, gauge-ram, gauge-gpu, watchdog-events, watchdog-event
 *   export dialog     export-dialog, export-format-wav|mp3|flac, export-sample-rate, export-channels,
 *                     export-loudness, export-split, export-start, export-cancel, export-progress
 *                     (data-phase), export-error, export-result, export-file (data-path)
 *   audio             audio-player (the one <audio> element the player uses)
 *
 * The `studio` fixture gives the page, the serve address (with its token) and the server's data dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

const SCREENS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens');

async function screen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`) });
}

const SCRIPT = [
  '# Cold open',
  'Host: Welcome back to Roundtable. Today we test the studio from end to end.',
  'Guest: Thanks for having me. I brought a very short script.',
  '[pause 600ms]',
  'Host: Then let us render it and listen.',
  'continued on a second line of the same turn.',
  '# The edit',
  'Producer: And now I change one line and render only that one again.',
  'Guest: That is the whole point.',
].join('\n');

test.use({ viewport: { width: 1440, height: 900 } });

test.describe('studio', () => {
  test('script to exported episode', async ({ studio }) => {
    const { page, url, dataDir } = studio;

    // Start screen.
    await page.goto(url);
    await expect(page.getByTestId('start-screen')).toBeVisible();
    // The mark is both the logo and the tab's icon, and loads (no broken image, no 404 for the icon).
    await expect
      .poll(() => page.locator('img.logo').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    const iconHref = await page
      .locator('link[rel="icon"]')
      .evaluate((link) => (link as HTMLLinkElement).href);
    const icon = await page.request.get(iconHref);
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
    await screen(page, '01-start');

    // New project from script: import the script from a file, see a diagnostic at its line, fix it.
    await page.getByTestId('start-new-project').click();
    await expect(page.getByTestId('new-project-screen')).toBeVisible();
    await page.getByTestId('project-title').fill('E2E episode');
    await page.getByTestId('import-script').setInputFiles({
      name: 'episode.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(`A line before anyone speaks\n${SCRIPT}\n`),
    });
    await expect(page.getByTestId('script-input')).toHaveValue(/Welcome back to Roundtable/);
    await expect(page.getByTestId('diagnostic').first()).toHaveAttribute('data-line', '1');
    await expect(page.getByTestId('diagnostics')).toContainText('Line 1');
    await screen(page, '02-new-project-diagnostics');
    await page.getByTestId('script-input').fill(SCRIPT);
    await expect(page.getByTestId('script-summary')).toContainText('5 turns');
    await expect(page.getByTestId('diagnostic')).toHaveCount(0);
    await expect(page.getByTestId('create-project')).toBeEnabled({ timeout: 60_000 }); // voices listed
    await page.getByTestId('create-project').click();

    // Editor with the turns and three speakers.
    await expect(page.getByTestId('editor')).toBeVisible();
    await expect(page.getByTestId('turn-row')).toHaveCount(5);
    await expect(page.getByTestId('speaker-row')).toHaveCount(3);
    expect(await turnStatuses(page)).toEqual(Array(5).fill('unrendered'));

    // Assign voices: each speaker gets a different voice from the picker.
    const selects = page.getByTestId('voice-select');
    const optionValues = await selects.first().evaluate((select) =>
      Array.from((select as HTMLSelectElement).options)
        .filter((option) => !option.disabled)
        .map((option) => option.value),
    );
    expect(optionValues.length).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i++) {
      const value = optionValues[(i + 3) % optionValues.length]!;
      await selects.nth(i).selectOption(value);
      await expect(selects.nth(i)).toHaveValue(value);
    }

    // Render all, then wait until every turn is done.
    await page.getByTestId('render-all').click();
    await expect
      .poll(() => turnStatuses(page), { timeout: 90_000, intervals: [250, 500, 1000] })
      .toEqual(Array(5).fill('done'));
    await expect(page.getByTestId('render-queue')).toContainText('5/5');
    await expect(page.getByTestId('render-progress')).toHaveCount(0); // shown while rendering only
    await expect(page.getByTestId('render-all')).toBeDisabled();
    await page.getByTestId('turn-row').first().click();
    await expect(page.getByTestId('waveform')).toHaveAttribute('data-state', 'ready');
    await screen(page, '03-editor-rendered');

    // Play a turn: the audio element's time advances.
    const audio = page.getByTestId('audio-player');
    await page.getByTestId('turn-play').nth(1).click();
    await expect
      .poll(() => audio.evaluate((a) => (a as HTMLAudioElement).currentTime), { timeout: 15_000 })
      .toBeGreaterThan(0.2);
    // On: later, or played to its end (a loaded machine can take longer to answer than the turn lasts).
    const first = await audio.evaluate((a) => (a as HTMLAudioElement).currentTime);
    await expect
      .poll(
        () =>
          audio.evaluate(
            (a, at) => (a as HTMLAudioElement).ended || (a as HTMLAudioElement).currentTime > at,
            first,
          ),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    await screen(page, '04-playing');
    await page.getByTestId('transport-toggle').click(); // stop

    // Edit a turn: its take becomes history, the turn is out of date; regenerate renders it again.
    const row = page.getByTestId('turn-row').nth(3);
    await row.click();
    const editor = page.getByTestId('turn-text');
    // The row's own words, once the editor shows them (reading the editor straight after the click could
    // catch the turn selected before, on a busy machine).
    const originalText = (await row.getByTestId('turn-row-text').innerText()).trim();
    await expect(editor).toHaveValue(originalText);
    await editor.fill('And now I change this line, and only this one is rendered again.');
    await expect(row).toHaveAttribute('data-status', 'stale');
    await expect(row.getByTestId('turn-status')).toHaveText('out of date');
    await expect(page.getByTestId('take-history-item')).toHaveCount(1);
    await page.getByTestId('turn-regenerate').click();
    await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect.poll(() => turnStatuses(page)).toEqual(Array(5).fill('done'));
    await screen(page, '05-turn-regenerated');

    // Undo brings back the old text with its old take; redo the edit with its new take.
    await page.getByTestId('undo').click();
    await expect(editor).toHaveValue(originalText);
    await expect(row).toHaveAttribute('data-status', 'done');
    await page.getByTestId('redo').click();
    await expect(editor).toHaveValue(/only this one is rendered again/);
    await expect(row).toHaveAttribute('data-status', 'done');

    // Keyboard: Delete removes the selected turn, Ctrl+Z brings it back, arrows move the selection.
    await row.click();
    await page.keyboard.press('Delete');
    await expect(page.getByTestId('turn-row')).toHaveCount(4);
    await page.keyboard.press('Control+z');
    await expect(page.getByTestId('turn-row')).toHaveCount(5);
    await page.getByTestId('turn-row').first().click();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('turn-row').nth(1)).toHaveAttribute('aria-selected', 'true');

    // Save, then the resource monitor.
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('save')).toContainText('Saved');
    await page.getByTestId('tab-resources').click();
    await expect(page.getByTestId('resource-monitor')).toBeVisible();
    await expect(page.getByTestId('gauge-ram')).toBeVisible({ timeout: 15_000 });
    await screen(page, '06-resources');

    // Export a WAV: the file exists and is not empty. One turn is edited first and not rendered: the dialog
    // says the export renders it first, and it does.
    const lastRow = page.getByTestId('turn-row').nth(4);
    await lastRow.click();
    await editor.fill('A last-minute change, rendered by the export itself.');
    await expect(lastRow).toHaveAttribute('data-status', 'stale');
    await page.getByTestId('export-open').click();
    await expect(page.getByTestId('export-dialog')).toBeVisible();
    await expect(page.getByTestId('export-dialog')).toContainText('1 turn is not rendered or out of date');
    await page.getByTestId('export-format-wav').click();
    await screen(page, '07-export-dialog');
    await page.getByTestId('export-start').click();
    await expect(page.getByTestId('export-result').or(page.getByTestId('export-error'))).toBeVisible({
      timeout: 120_000,
    });
    // The bar fills to the end once the export is done (after its short CSS transition).
    await expect
      .poll(() =>
        page
          .getByTestId('export-dialog')
          .locator('.progress__bar')
          .evaluate(
            (bar) =>
              bar.getBoundingClientRect().width / (bar.parentElement?.getBoundingClientRect().width ?? 1),
          ),
      )
      .toBeGreaterThan(0.99);
    await screen(page, '08-export-result');
    await expect(page.getByTestId('export-error')).toHaveCount(0);
    await expect(lastRow).toHaveAttribute('data-status', 'done');
    // What the export measured and checked, in the dialog: the loudness target met, every turn audible.
    const summary = page.getByTestId('export-summary');
    await expect(summary).toHaveAttribute('data-ok', 'true');
    await expect(summary).toContainText(/−1[89]\.\d LUFS/);
    await expect(summary).toContainText('5 of 5 turns audible');
    await expect(summary).toContainText('nothing clipped');
    const files = await page
      .getByTestId('export-file')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.path ?? ''));
    const wavFiles = files.filter((file) => file.endsWith('.wav'));
    expect(wavFiles).toHaveLength(1);
    for (const file of files) {
      expect(path.resolve(file).startsWith(path.resolve(dataDir))).toBe(true);
      expect(fs.statSync(file).size).toBeGreaterThan(0);
    }
    expect(fs.statSync(wavFiles[0]!).size).toBeGreaterThan(44); // more than a WAV header
  });

  test('errors say what to do next instead of leaving a blank screen', async ({ studio }) => {
    const { page, url, dataDir } = studio;
    await page.goto(url);
    await page.getByTestId('open-dir-input').fill(path.join(dataDir, 'no-such-project'));
    await page.getByTestId('open-project').click();
    const toast = page.getByTestId('toast').first();
    await expect(toast).toBeVisible();
    await expect(toast).not.toHaveText('');
    await expect(page.getByTestId('start-screen')).toBeVisible();
    await screen(page, '09-error-toast');
  });
});
