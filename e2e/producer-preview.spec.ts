/**
 * The producer's session, finished (issue 17), in serve mode against the real host:
 * - a bed plays under the timeline's preview: its element plays the stored bed (`/bed/<hash>`), ducked under
 *   speech and back up in a pause, as the audio graph the player builds says (element and gain, not timing);
 * - deleting the turn a bed starts at moves the bed (with a notice), and undo puts it back;
 * - a clip's edges are trim handles: dragged (the ms shown, one undo step) or moved with [ ] and Shift+[ ];
 *   the export follows the trims.
 * Screenshots go to e2e/artifacts/screens/.
 *
 * data-testid attributes used: audio-bed (data-bed-id, data-gain), timeline-drag-label, turn-trim-start,
 * turn-trim-end, turn-gap, bed-anchor, beds as in beds.spec.ts.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { buildTimeline } from '../shared/model/timeline';
import { createProjectFromScript } from './support/new-project';
import { savedProject, turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

const SCREENS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens');
const RULER_HEIGHT_PX = 38;
const LANE_HEIGHT_PX = 58;

test.use({ viewport: { width: 1440, height: 900 } });

async function screen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`) });
}

async function renderAll(page: Page, turns: number): Promise<void> {
  await page.getByTestId('render-all').click();
  await expect
    .poll(() => turnStatuses(page), { timeout: 90_000, intervals: [250, 500, 1000] })
    .toEqual(new Array(turns).fill('done'));
}

/** The bed elements the player made: playing or not, their source and the gain it set. */
function bedVoices(page: Page) {
  return page.locator('audio[data-testid="audio-bed"]').evaluateAll((elements) =>
    elements.map((element) => {
      const audio = element as HTMLAudioElement;
      return {
        src: audio.src,
        playing: !audio.paused,
        gain: Number(audio.dataset.gain ?? 'NaN'),
        volume: audio.volume,
      };
    }),
  );
}

test('a bed plays under the timeline, ducked under speech; deleting its turn moves it', async ({
  studio,
}) => {
  test.setTimeout(240_000);
  const { page, url } = studio;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-e2e-preview-'));
  const bedFile = path.join(work, 'music-bed.wav');
  execFileSync('ffmpeg', [
    ...['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100:duration=3'],
    ...['-ac', '2', bedFile],
  ]);
  await createProjectFromScript(
    page,
    url,
    'Bed preview',
    'Host: Welcome to the show, where the music sits under the speech.\n[pause 4s]\nGuest: Thank you, it is good to be here today.\n',
  );
  await renderAll(page, 2);
  await page.getByTestId('tab-beds').click();
  await page.getByTestId('bed-file').setInputFiles(bedFile);
  await expect(page.getByTestId('bed-clip')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('bed-loop').check();
  await page.getByTestId('bed-duck-depth').fill('-18');

  await page.getByTestId('play-all').click();
  // Under the first turn: the bed's element plays the stored bed, 18 dB down (0.126).
  await expect
    .poll(async () => (await bedVoices(page))[0], { timeout: 30_000, intervals: [100] })
    .toMatchObject({ playing: true, src: expect.stringContaining('/bed/') });
  await expect
    .poll(async () => (await bedVoices(page))[0]?.gain ?? NaN, { timeout: 30_000, intervals: [100] })
    .toBeLessThan(0.2);
  const ducked = (await bedVoices(page))[0]!;
  expect(ducked.gain).toBeGreaterThan(0.1);
  expect(ducked.volume).toBeCloseTo(ducked.gain, 3); // at or under unity the gain is the element's volume
  // In the 4 s pause it comes back up to its level.
  await expect
    .poll(async () => (await bedVoices(page))[0]?.gain ?? NaN, { timeout: 30_000, intervals: [100] })
    .toBeGreaterThan(0.95);
  expect((await bedVoices(page))[0]!.playing).toBe(true);
  await screen(page, 'producer-bed-preview-1440x900');
  await page.getByTestId('transport-toggle').click();
  await expect.poll(async () => (await bedVoices(page))[0]?.playing).toBe(false);

  // Anchored to the second turn, which is then deleted: the bed stays (at the turn before), with a notice.
  const anchor = page.getByTestId('bed-anchor');
  const secondTurn = await anchor.locator('option').nth(3).getAttribute('value');
  await anchor.selectOption(secondTurn!);
  await page.getByTestId('turn-row').nth(1).click();
  await page.getByTestId('turn-delete').click();
  await expect(page.getByTestId('turn-row')).toHaveCount(1);
  await expect(
    page.getByText(/The bed “music-bed\.wav” started at the deleted turn: it now starts at turn 1\./),
  ).toBeVisible();
  await expect(page.getByTestId('bed-clip')).toHaveCount(1);
  await page.getByTestId('bed-clip').click();
  await expect(anchor).not.toHaveValue(secondTurn!);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('turn-row')).toHaveCount(2);
  await expect(anchor).toHaveValue(secondTurn!);
  fs.rmSync(work, { recursive: true, force: true });
});

test('trim handles on the timeline: drag an edge, or [ ] and Shift+[ ]; exports follow', async ({
  studio,
}) => {
  test.setTimeout(240_000);
  const { page, url, dataDir } = studio;
  const title = 'Trim handles';
  await createProjectFromScript(
    page,
    url,
    title,
    'Host: Welcome to the show, this is the first turn.\nGuest: Thanks, I am glad to be here today.\nHost: Then let us begin.\n',
  );
  await renderAll(page, 3);
  await page.getByTestId('zoom-fit').click();
  await page.keyboard.press('Control+s');
  // The file on disk is read for the takes' lengths: wait until the save has written it (on a busy machine
  // the project.json of the creation, without takes, was read here and every edge was missed).
  await expect(page.getByTestId('status-saved')).toContainText('Saved to project');
  await expect
    .poll(() => savedProject(dataDir, title).project.segments.every((segment) => segment.take !== undefined))
    .toBe(true);
  const { project } = savedProject(dataDir, title);
  const timeline = buildTimeline(project);
  const canvas = page.getByTestId('timeline-canvas');
  const box = (await canvas.boundingBox())!;
  const pxPerSecond = Number.parseFloat((await page.getByTestId('zoom-level').innerText()).trim());
  const xAt = (ms: number) => box.x + (ms * pxPerSecond) / 1000;
  const laneY = (lane: number) => box.y + RULER_HEIGHT_PX + lane * LANE_HEIGHT_PX + LANE_HEIGHT_PX / 2;
  const guest = timeline.entries[1]!;
  const startMs = (guest.startSample * 1000) / timeline.sampleRate;
  const endMs = (guest.endSample * 1000) / timeline.sampleRate;
  const gapField = page.getByTestId('turn-gap');
  const trimStart = page.getByTestId('turn-trim-start');
  const trimEnd = page.getByTestId('turn-trim-end');

  // The start edge, dragged right by 300 ms: the label says the trim, the gap grows by as much.
  await page.mouse.move(xAt(startMs) + 2, laneY(1));
  await page.mouse.down();
  await page.mouse.move(xAt(startMs + 300) + 2, laneY(1), { steps: 6 });
  await expect(page.getByTestId('timeline-drag-label')).toContainText(/Trim in \d+ ms/);
  await screen(page, 'producer-trim-drag-1440x900');
  await page.mouse.up();
  await expect(page.getByTestId('timeline-drag-label')).toHaveCount(0);
  const trimmed = Number(await trimStart.inputValue());
  expect(trimmed).toBeGreaterThan(200);
  expect(trimmed).toBeLessThan(400);
  expect(trimmed % 10).toBe(0);
  const originalGap = project.segments[1]!.gapBeforeMs;
  await expect(gapField).toHaveValue(String(originalGap + trimmed));
  await page.keyboard.press('Control+z'); // one step
  await expect(trimStart).toHaveValue('0');
  await expect(gapField).toHaveValue(String(originalGap));
  await page.keyboard.press('Control+Shift+z');
  await expect(trimStart).toHaveValue(String(trimmed));

  // The keyboard: the end edge 10 ms left twice, the start edge 10 ms right once.
  await canvas.focus();
  await page.keyboard.press('{');
  await page.keyboard.press('{');
  await page.keyboard.press(']');
  await expect(trimEnd).toHaveValue('20');
  await expect(trimStart).toHaveValue(String(trimmed + 10));
  // The end edge by dragging, too.
  await page.mouse.move(xAt(endMs) - 2, laneY(1));
  await page.mouse.down();
  await page.mouse.move(xAt(endMs - 200) - 2, laneY(1), { steps: 6 });
  await expect(page.getByTestId('timeline-drag-label')).toContainText(/Trim out \d+ ms/);
  await page.mouse.up();
  const trimmedEnd = Number(await trimEnd.inputValue());
  expect(trimmedEnd).toBeGreaterThan(120);
  await screen(page, 'producer-trim-1440x900');

  // The export is as long as the timeline says with the trims.
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('status-saved')).toContainText('Saved to project');
  const after = savedProject(dataDir, title).project;
  expect(after.segments[1]).toMatchObject({ trimStartMs: trimmed + 10, trimEndMs: trimmedEnd });
  const expected = buildTimeline({ ...after, sampleRate: 24_000 });
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-format-wav').click();
  await page.getByTestId('export-sample-rate').selectOption('24000');
  await page.getByTestId('export-loudness').selectOption('off');
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 120_000 });
  const wav = await page
    .locator('[data-testid="export-file"][data-path$=".wav"]')
    .first()
    .getAttribute('data-path');
  const samples = Number(
    execFileSync('ffprobe', [
      ...['-v', 'error', '-select_streams', 'a:0', '-count_packets', '-show_entries', 'stream=duration_ts'],
      ...['-of', 'csv=p=0', wav!],
    ])
      .toString()
      .trim(),
  );
  expect(samples).toBe(expected.totalSamples);
  await page.keyboard.press('Escape');
});
