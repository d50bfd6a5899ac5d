/**
 * Issue 17's walk-through as screenshots, at 1440×900 and 900×600 (ROUNDTABLE_SHOTS_DIR, default
 * e2e/artifacts/screens/producer/): the new-project screen with a mistyped speaker, the timeline with beds
 * and trims, the bed lane and editor, the inspector, the export dialog and its result. At each size every
 * control named here must be inside the window once scrolled to, and not covered by another element.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

const SHOTS_DIR =
  process.env.ROUNDTABLE_SHOTS_DIR ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens', 'producer');
const SCRIPT = [
  '# Opening',
  'Host: Welcome to the show, where the music sits under the speech.',
  'Guest: Thank you, it is good to be here today.',
  '# Questions',
  'Host: Let us begin with the first question.',
  'Hots: And a second one, typed in a hurry.',
].join('\n');

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const size = page.viewportSize()!;
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-${size.width}x${size.height}.png`) });
}

/** The control can be scrolled into the window and is the element on top at its centre. */
async function reachable(control: Locator): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  await expect(control).toBeVisible();
  await expect(control).toBeInViewport({ ratio: 0.9 });
  const onTop = await control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top !== null && (element === top || element.contains(top) || top.contains(element));
  });
  expect(onTop, `${control.toString()} is covered`).toBe(true);
}

for (const [width, height] of [
  [1440, 900],
  [900, 600],
] as const) {
  test(`the producer's screens at ${width}×${height}`, async ({ studio }) => {
    test.setTimeout(300_000);
    const { page, url } = studio;
    await page.setViewportSize({ width, height });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-e2e-shots-'));
    const bedFile = path.join(work, 'theme-music.wav');
    execFileSync('ffmpeg', [
      ...['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100:duration=4'],
      ...['-ac', '2', bedFile],
    ]);

    await page.goto(url);
    await page.getByTestId('start-new-project').click();
    await page.getByTestId('project-title').fill(`Producer screens ${width}`);
    await page.getByTestId('script-input').fill(SCRIPT);
    await expect(page.getByTestId('diagnostic')).toContainText('did you mean Host?');
    await shot(page, '01-new-project-typo');
    await page.getByTestId('diagnostic-apply').click();
    await expect(page.getByTestId('create-project')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('create-project').click();
    await expect(page.getByTestId('editor')).toBeVisible();
    await page.getByTestId('render-all').click();
    await expect
      .poll(() => turnStatuses(page), { timeout: 90_000, intervals: [250, 500, 1000] })
      .toEqual(['done', 'done', 'done', 'done']);

    // A trimmed, faded turn (the inspector) and its trim handles on the timeline.
    await page.getByTestId('turn-row').nth(1).click();
    await page.getByTestId('turn-trim-start').fill('250');
    await page.getByTestId('turn-trim-end').fill('150');
    await page.getByTestId('turn-fade-in').fill('100');
    await page.getByTestId('zoom-fit').click();
    for (const id of ['turn-trim-start', 'turn-trim-end', 'turn-fade-in', 'turn-fade-out', 'turn-gap']) {
      await reachable(page.getByTestId(id));
    }
    for (const id of ['turn-delete', 'render-all', 'export-open', 'transport-toggle', 'loop-toggle']) {
      await reachable(page.getByTestId(id));
    }
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await shot(page, '02-timeline-trims-inspector');

    // Beds: an intro bed under the speech and an outro after it; the bed lane and the bed editor.
    await page.getByTestId('tab-beds').click();
    await page.getByTestId('bed-file').setInputFiles(bedFile);
    await expect(page.getByTestId('bed-clip')).toHaveCount(1, { timeout: 30_000 });
    await page.getByTestId('bed-loop').check();
    await page.getByTestId('bed-file').setInputFiles(bedFile);
    await expect(page.getByTestId('bed-clip')).toHaveCount(2, { timeout: 30_000 });
    await page.getByTestId('bed-anchor').selectOption('end');
    await shot(page, '03-beds-lane');
    for (const id of [
      'bed-anchor',
      'bed-offset',
      'bed-loop',
      'bed-fade-out',
      'bed-duck-depth',
      'bed-license',
      'bed-remove',
    ]) {
      await reachable(page.getByTestId(id));
    }
    await page.getByTestId('bed-license').scrollIntoViewIfNeeded();
    await shot(page, '04-bed-editor');

    // Playing the timeline plays the beds.
    await page.getByTestId('play-all').click();
    await expect
      .poll(
        () =>
          page
            .locator('audio[data-testid="audio-bed"]')
            .evaluateAll((els) => els.some((el) => !(el as HTMLAudioElement).paused)),
        { timeout: 30_000 },
      )
      .toBe(true);
    await shot(page, '05-playing-with-beds');
    await page.getByTestId('transport-toggle').click();

    // The export dialog and its result.
    await page.getByTestId('export-open').click();
    await shot(page, '06-export-dialog');
    await page.getByTestId('export-format-wav').click();
    await reachable(page.getByTestId('export-start'));
    await page.getByTestId('export-start').click();
    await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 180_000 });
    await reachable(page.getByTestId('export-play'));
    await shot(page, '07-export-result');
    await page.keyboard.press('Escape');
    fs.rmSync(work, { recursive: true, force: true });
  });
}
