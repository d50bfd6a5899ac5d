/**
 * Editing time on the timeline, in serve mode against the real host: scrub the playhead on the ruler, loop
 * a range, drag a clip into an overlap (cross-talk; the ms shown while dragging, one undo step), trim and
 * fade turns, and export: the WAV (decoded by ffmpeg) holds each take, trimmed and faded, at the place the
 * timeline gives it, overlapping turns summed. Then A/B two takes of a turn and keep B.
 * Screenshots at 1440×900 and 900×600 go to e2e/artifacts/screens/.
 *
 * data-testid attributes used beyond studio.spec.ts's list: loop-toggle, timeline-drag-label,
 * turn-trim-start, turn-trim-end, turn-fade-in, turn-fade-out, waveform-time, take-ab, ab-compare, ab-phase,
 * ab-again, ab-keep-a, ab-keep-b, audio-overlay.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Project } from '../shared/model/project';
import { buildTimeline } from '../shared/model/timeline';
import { createProjectFromScript } from './support/new-project';
import { savedProject, turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

const SCREENS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens');
const TITLE = 'Timeline editing';
const SCRIPT = [
  'Host: Welcome to the show, this is the first turn of the episode.',
  'Guest: Thanks, I am glad to be here today.',
  'Host: Then let us begin right away with the questions.',
].join('\n');
const RULER_HEIGHT_PX = 38;
const LANE_HEIGHT_PX = 58;

async function screen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`) });
}

/** Mono float samples of a WAV file, decoded by ffmpeg at `rate`. */
function decode(file: string, rate: number): Float32Array {
  const result = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '1', '-ar', String(rate), '-'],
    { maxBuffer: 1 << 30 },
  );
  if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
  const bytes = result.stdout;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** The playhead's x on the canvas (its transform). */
async function playheadX(page: Page): Promise<number> {
  const transform = await page.getByTestId('playhead').evaluate((el) => (el as HTMLElement).style.transform);
  return Number(/translateX\((-?[\d.]+)px\)/.exec(transform)?.[1] ?? NaN);
}

async function saved(page: Page, dataDir: string): Promise<{ dir: string; project: Project }> {
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('status-saved')).toContainText('Saved to project');
  return savedProject(dataDir, TITLE);
}

test.use({ viewport: { width: 1440, height: 900 } });

test('scrub, loop, drag a gap into an overlap, trim and fade, export as shown, A/B takes', async ({
  studio,
}) => {
  test.setTimeout(300_000);
  const { page, url, dataDir } = studio;
  await createProjectFromScript(page, url, TITLE, SCRIPT);
  await page.getByTestId('render-all').click();
  await expect
    .poll(() => turnStatuses(page), { timeout: 90_000, intervals: [250, 500, 1000] })
    .toEqual(['done', 'done', 'done']);
  await page.getByTestId('zoom-fit').click();
  const canvas = page.getByTestId('timeline-canvas');
  const box = (await canvas.boundingBox())!;
  const pxPerSecond = Number.parseFloat((await page.getByTestId('zoom-level').innerText()).trim());
  const xAt = (ms: number) => box.x + (ms * pxPerSecond) / 1000;
  const rulerY = box.y + RULER_HEIGHT_PX / 2;

  // Scrub: press on the ruler and drag; the playhead follows the pointer.
  await page.mouse.move(xAt(500), rulerY);
  await page.mouse.down();
  const offBy = async (ms: number) => Math.abs((await playheadX(page)) - (xAt(ms) - box.x));
  await expect.poll(() => offBy(500)).toBeLessThan(1.5);
  await page.mouse.move(xAt(1500), rulerY, { steps: 5 });
  await expect.poll(() => offBy(1500)).toBeLessThan(1.5);
  await page.mouse.up();
  await expect(page.getByTestId('time-display')).toContainText(/0:01\.[45]/);

  // Drag the Guest's clip left into the Host's turn: the label shows the overlap; letting go is one undo step.
  let { project } = await saved(page, dataDir);
  let timeline = buildTimeline(project);
  const guest = timeline.entries[1]!;
  const guestStartMs = (guest.startSample * 1000) / timeline.sampleRate;
  const guestMidMs = guestStartMs + ((guest.endSample - guest.startSample) * 500) / timeline.sampleRate;
  const laneY = (lane: number) => box.y + RULER_HEIGHT_PX + lane * LANE_HEIGHT_PX + LANE_HEIGHT_PX / 2;
  const originalGap = project.segments[1]!.gapBeforeMs;
  await page.mouse.move(xAt(guestMidMs), laneY(1));
  await page.mouse.down();
  const dragMs = originalGap + 400;
  await page.mouse.move(xAt(guestMidMs - dragMs), laneY(1), { steps: 8 });
  await expect(page.getByTestId('timeline-drag-label')).toContainText(/Overlap \d+ ms/);
  await page.mouse.up();
  await expect(page.getByTestId('timeline-drag-label')).toHaveCount(0);
  const gapField = page.getByTestId('turn-gap');
  const overlapped = Number(await gapField.inputValue());
  expect(overlapped).toBeLessThan(-300);
  expect(overlapped).toBeGreaterThan(-500);
  expect(Math.abs(overlapped) % 10).toBe(0); // snapped to 10 ms
  await page.keyboard.press('Control+z');
  await expect(gapField).toHaveValue(String(originalGap));
  await page.keyboard.press('Control+Shift+z');
  await expect(gapField).toHaveValue(String(overlapped));

  // Trim the first turn's start, fade the last turn out and trim its end (typed, each one undo step).
  await page.getByTestId('turn-row').nth(0).click();
  await page.getByTestId('turn-trim-start').fill('200');
  await page.getByTestId('turn-fade-in').fill('150');
  await expect(page.getByTestId('waveform-trim-start')).toBeVisible();
  await page.getByTestId('turn-row').nth(2).click();
  await page.getByTestId('turn-trim-end').fill('100');
  await page.getByTestId('turn-fade-out').fill('400');

  // Loop a range: Shift+drag on the ruler, then the loop button; the playhead comes back to the range's start.
  await page.getByTestId('turn-row').nth(0).click();
  await page.mouse.move(xAt(400), rulerY);
  await page.keyboard.down('Shift');
  await page.mouse.down();
  await page.mouse.move(xAt(1400), rulerY, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  const loop = page.getByTestId('loop-toggle');
  await expect(loop).toContainText('Loop range');
  await loop.click();
  await expect(loop).toHaveAttribute('aria-pressed', 'true');
  await expect(loop).toContainText('Stop loop');
  // Playing from the range's start, on past its middle, then back near the start (a wrap).
  await expect.poll(() => playheadX(page), { timeout: 30_000 }).toBeLessThan(xAt(800) - box.x);
  await expect.poll(() => playheadX(page), { timeout: 30_000 }).toBeGreaterThan(xAt(1000) - box.x);
  await expect.poll(() => playheadX(page), { timeout: 30_000 }).toBeLessThan(xAt(800) - box.x);
  expect(await playheadX(page)).toBeGreaterThanOrEqual(xAt(400) - box.x - 2);
  await screen(page, 'timeline-1440-loop');
  await page.keyboard.press('Shift+L');
  await expect(loop).toHaveAttribute('aria-pressed', 'false');

  // Export without normalisation at 24 kHz, and compare the file with the takes at the timeline's places.
  ({ project } = await saved(page, dataDir));
  const { dir } = savedProject(dataDir, TITLE);
  timeline = buildTimeline({ ...project, sampleRate: 24_000 });
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-format-wav').click();
  await page.getByTestId('export-sample-rate').selectOption('24000');
  await page.getByTestId('export-loudness').selectOption('off');
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 120_000 });
  const wavPath = await page
    .locator('[data-testid="export-file"][data-path$=".wav"]')
    .first()
    .getAttribute('data-path');
  await page.keyboard.press('Escape');
  const exported = decode(wavPath!, 24_000);
  expect(exported.length).toBe(timeline.totalSamples);
  const takes = project.segments.map((s) => decode(path.join(dir, 'takes', `${s.take!.hash}.wav`), 24_000));
  const trimStart = (i: number) => Math.round(((project.segments[i]!.trimStartMs ?? 0) * 24_000) / 1000);
  /** What the timeline says sample n holds, from turn i alone (its fades left out: judged away from them). */
  const turnAt = (i: number, n: number) => {
    const entry = timeline.entries[i]!;
    if (n < entry.startSample || n >= entry.endSample) return 0;
    return takes[i]![n - entry.startSample + trimStart(i)] ?? 0;
  };
  /**
   * How far the file is from the timeline over [from, to), as the residual's RMS over the signal's: ffmpeg
   * resamples the engine's 22.05 kHz takes here, the app with its own filter, so "equal" is a few per cent.
   */
  const residual = (from: number, to: number, shift = 0) => {
    let error = 0;
    let signal = 0;
    for (let n = from; n < to; n++) {
      const expected = turnAt(0, n + shift) + turnAt(1, n + shift) + turnAt(2, n + shift);
      error += ((exported[n] ?? 0) - expected) ** 2;
      signal += expected ** 2;
    }
    return Math.sqrt(error / signal);
  };
  const [first, second, third] = timeline.entries as [
    (typeof timeline.entries)[0],
    (typeof timeline.entries)[0],
    (typeof timeline.entries)[0],
  ];
  expect(second.startSample).toBeLessThan(first.endSample); // the overlap is in the model
  const guard = 24 * 160; // past the 150 ms fade in and the 5 ms edge fades
  // The trimmed first turn alone, the overlap (both turns summed), and the last turn before its fade out.
  const regions: Array<[number, number]> = [
    [first.startSample + guard, second.startSample - 240],
    [second.startSample + 240, first.endSample - 240],
    [third.startSample + 240, third.endSample - 24 * 420],
  ];
  for (const [from, to] of regions) {
    expect(to - from).toBeGreaterThan(1000);
    const aligned = residual(from, to);
    expect(aligned, `residual at the timeline's place over [${from}, ${to})`).toBeLessThan(0.05);
    // Half a millisecond off (12 samples) is far from it.
    expect(residual(from, to, 12)).toBeGreaterThan(Math.max(0.2, aligned * 5));
  }
  // The fade out is shaped: 200 ms before the end (half of 400 ms), the sound is at half its take's level.
  let faded = 0;
  let plain = 0;
  const middle = third.endSample - 24 * 200;
  for (let n = middle - 24; n < middle + 24; n++) {
    faded += Math.abs(exported[n] ?? 0);
    plain += Math.abs(turnAt(2, n));
  }
  expect(faded / plain).toBeGreaterThan(0.42);
  expect(faded / plain).toBeLessThan(0.58);

  // A/B: regenerate the last turn for a second take, compare, keep B (the earlier take) in one undo step.
  await page.getByTestId('turn-row').nth(2).click();
  await page.getByTestId('turn-text').fill('Then let us begin, right away, with the first question.');
  await page.getByTestId('turn-regenerate').click();
  await expect(page.getByTestId('turn-row').nth(2)).toHaveAttribute('data-status', 'done', {
    timeout: 60_000,
  });
  const currentHash = async () => (await saved(page, dataDir)).project.segments[2]!.take!.hash;
  const newHash = await currentHash();
  await page.getByTestId('take-ab').first().click();
  await expect(page.getByTestId('ab-phase')).toContainText('Playing A');
  await expect(page.getByTestId('ab-phase')).toContainText('Playing B', { timeout: 30_000 });
  await screen(page, 'timeline-1440-ab');
  await page.getByTestId('ab-keep-b').click();
  await expect(page.getByTestId('ab-compare')).toHaveCount(0);
  const keptHash = await currentHash();
  expect(keptHash).not.toBe(newHash);
  expect(project.segments[2]!.take!.hash).toBe(keptHash);

  // The smallest window: every control of this work is named and visible.
  await page.setViewportSize({ width: 900, height: 600 });
  await expect(loop).toBeVisible();
  await expect(loop).toHaveAccessibleName(/Loop/);
  for (const id of ['turn-gap', 'turn-trim-start', 'turn-trim-end', 'turn-fade-in', 'turn-fade-out']) {
    const field = page.getByTestId(id);
    await field.scrollIntoViewIfNeeded();
    await expect(field).toBeVisible();
    await expect(field).toHaveAccessibleName(/ms/);
  }
  await page.getByTestId('take-ab').first().scrollIntoViewIfNeeded();
  await expect(page.getByTestId('take-ab').first()).toHaveAccessibleName(/Compare/);
  await screen(page, 'timeline-900-inspector');
});
