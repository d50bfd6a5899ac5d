/**
 * Beds in the studio against the real host (serve mode): import a bed, see it on the bed lane, drag it, set
 * its ducking and licence, give the episode a show name, export; the exported file, measured by ffmpeg, has
 * the bed ducked under speech by its depth, the mix at the loudness target, and the licence in the report.
 * The bed is a 15 kHz tone: the speech (espeak-ng at 22.05 kHz) has nothing above 11 kHz, so a high-pass
 * filter hears the bed alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { meanVolumeDb } from '../electron/cli/testing/ffmpeg-oracle';
import { ffmpegEbur128 } from '../electron/host/audio/testing/oracle';
import { createProjectFromScript } from './support/new-project';
import { expect, test } from './support/studio-fixture';

const SCREENS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens');
const BED_ONLY = 'highpass=f=12000,highpass=f=12000,highpass=f=12000,highpass=f=12000';

test.use({ viewport: { width: 1440, height: 900 } });

test('a bed is imported, placed, ducked under speech and exported in the mix', async ({ studio }) => {
  test.setTimeout(300_000);
  const { page, url } = studio;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-e2e-beds-'));
  const bedFile = path.join(work, 'music-bed.wav');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=15000:sample_rate=44100:duration=3',
    '-af',
    'volume=0.5',
    '-ac',
    '2',
    bedFile,
  ]);
  await createProjectFromScript(
    page,
    url,
    'Bed test',
    'Host: Welcome to the show, where the music sits under the speech.\n[pause 4s]\nGuest: Thank you, it is good to be here today.\n',
  );

  await page.getByTestId('tab-beds').click();
  await expect(page.getByTestId('beds-panel')).toBeVisible();
  await page.getByTestId('bed-file').setInputFiles(bedFile);
  await expect(page.getByTestId('bed-clip')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('bed-editor')).toContainText('music-bed.wav');

  // Drag the clip to the right: the offset follows in whole milliseconds, as one undo step.
  const clip = page.getByTestId('bed-clip');
  const box = (await clip.boundingBox())!;
  await page.mouse.move(box.x + 10, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 40, box.y + box.height / 2, { steps: 5 });
  await expect(page.getByTestId('bed-drag-at')).toBeVisible();
  await page.mouse.up();
  const dragged = Number(await page.getByTestId('bed-offset').inputValue());
  expect(dragged).toBeGreaterThan(0);
  expect(Number.isInteger(dragged)).toBe(true);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('bed-offset')).toHaveValue('0');

  // Under the whole episode, ducked 18 dB, with its licence.
  await page.getByTestId('bed-loop').check();
  await page.getByTestId('bed-fade-out').fill('0');
  await page.getByTestId('bed-duck-depth').fill('-18');
  await page.getByTestId('bed-license').fill('CC0 test tone');
  await fs.promises.mkdir(SCREENS_DIR, { recursive: true });
  await page.getByTestId('bed-clip').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENS_DIR, 'beds-1440x900.png') });

  await page.getByTestId('export-open').click();
  await page.getByTestId('episode-show').fill('The Roundtable');
  await page.getByTestId('episode-number').fill('3');
  await page.screenshot({ path: path.join(SCREENS_DIR, 'beds-export-1440x900.png') });
  await page.getByTestId('export-format-wav').click();
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 240_000 });
  const files = await page
    .getByTestId('export-file')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-path') ?? ''));
  const wav = files.find((file) => file.endsWith('.wav'))!;
  const transcript = files.find((file) => /[^s]\.json$/.test(file) && !file.endsWith('.chapters.json'))!;
  const report = fs.readFileSync(
    files.find((file) => file.endsWith('.report.txt'))!,
    'utf8',
  );
  const turns = (
    JSON.parse(fs.readFileSync(transcript, 'utf8')) as { turns: { startMs: number; endMs: number }[] }
  ).turns;
  const [first, second] = turns;
  const underSpeech = meanVolumeDb(wav, first!.startMs + 800, first!.endMs - 300, BED_ONLY);
  const inGap = meanVolumeDb(wav, first!.endMs + 1200, second!.startMs - 600, BED_ONLY);
  expect(inGap - underSpeech).toBeGreaterThan(17);
  expect(inGap - underSpeech).toBeLessThan(19);
  expect(Math.abs(ffmpegEbur128(wav).integratedLufs - -19)).toBeLessThan(0.5);
  expect(report).toMatch(/Bed: music-bed\.wav .* ducked -18 dB under speech; licence: CC0 test tone/);
  expect(report).toMatch(/measured on the mix of speech and beds/);
  // The small window: every control of the bed editor can be reached.
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 900, height: 600 });
  await page.getByTestId('tab-beds').click();
  await page.getByTestId('bed-clip').click();
  await expect(page.getByTestId('tab-beds')).toHaveText('Beds');
  await page.screenshot({ path: path.join(SCREENS_DIR, 'beds-900x600.png') });
  await page.getByTestId('bed-license').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('bed-license')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENS_DIR, 'beds-900x600-licence.png') });
  fs.rmSync(work, { recursive: true, force: true });
});
