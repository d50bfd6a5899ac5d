/**
 * The project's pronunciation list in the studio, against the real host and espeak-ng: applying "SQL" said
 * as "sequel" makes exactly the turn with that word render again (one undo step brings its take back),
 * Render all renders it from the spoken text, the turn editor shows what is said, and the list is saved
 * with the project. Listen renders and plays what a row says.
 *
 * data-testid: pronunciations-open, pronunciations-dialog, pronunciation-row, pronunciation-word,
 * pronunciation-say-as, pronunciation-listen, pronunciation-remove, pronunciation-add,
 * pronunciation-problem, pronunciations-summary, pronunciations-apply, pronunciations-cancel, said-as.
 */
import type { Page } from '@playwright/test';
import { createProjectFromScript } from './support/new-project';
import { savedProject, turnStatuses } from './support/project-state';
import { expect, test } from './support/studio-fixture';

const TITLE = 'Pronunciation test';
const SCRIPT = [
  'Host: Today we talk about SQL, and why people still love it.',
  'Guest: I mostly write stories about the sea.',
].join('\n');

test.use({ viewport: { width: 1440, height: 900 } });

function durations(page: Page): Promise<string[]> {
  return page.getByTestId('turn-duration').allTextContents();
}

async function renderAll(page: Page): Promise<void> {
  await page.getByTestId('render-all').click();
  await expect
    .poll(() => turnStatuses(page), { timeout: 90_000, intervals: [250, 500, 1000] })
    .toEqual(['done', 'done']);
}

async function save(page: Page): Promise<void> {
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save')).toHaveText('Saved to project');
}

test('a pronunciation renders exactly the turns that use the word again, and is saved', async ({
  studio,
}) => {
  const { page, url, dataDir } = studio;
  // Which media sources were played (Listen plays through its own audio element).
  await page.addInitScript(() => {
    const seen = window as unknown as { played: string[] };
    seen.played = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      seen.played.push(this.currentSrc || this.src);
      return play.call(this);
    };
  });
  await createProjectFromScript(page, url, TITLE, SCRIPT);
  await renderAll(page);
  const renderedAs = await durations(page);
  await save(page);
  const writtenTake = savedProject(dataDir, TITLE).project.segments[0]!.take!.hash;

  // An empty list opens with one blank row to type into.
  await page.getByTestId('pronunciations-open').click();
  const dialog = page.getByTestId('pronunciations-dialog');
  await expect(dialog).toBeVisible();
  const rows = dialog.getByTestId('pronunciation-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('pronunciation-word')).toBeFocused();
  await expect(page.getByTestId('pronunciations-apply')).toHaveText('Apply');

  await page.keyboard.type('SQL');
  await page.keyboard.press('Tab');
  await expect(rows.first().getByTestId('pronunciation-say-as')).toBeFocused();
  await page.keyboard.type('sequel');
  await expect(page.getByTestId('pronunciations-summary')).toHaveText('1 turn said differently.');
  await expect(page.getByTestId('pronunciations-apply')).toHaveText('Apply — 1 turn will render again');

  // Enter in the last row adds one; a word listed twice is named next to its row and blocks Apply.
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByTestId('pronunciation-word')).toBeFocused();
  await page.keyboard.type('sql');
  await expect(rows.nth(1).getByTestId('pronunciation-problem')).toHaveText(
    '"sql" is listed twice (entries 1 and 2); keep one',
  );
  await expect(page.getByTestId('pronunciations-apply')).toBeDisabled();
  await rows.nth(1).getByTestId('pronunciation-remove').click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('pronunciations-apply')).toBeEnabled();

  // Listen renders "sequel" with the selected turn's voice and plays it; the turns are not touched.
  await rows.first().getByTestId('pronunciation-listen').click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { played: string[] }).played), { timeout: 30_000 })
    .toEqual([expect.stringContaining('/take/')]);
  expect(await turnStatuses(page)).toEqual(['done', 'done']);

  await page.getByTestId('pronunciations-apply').click();
  await expect(dialog).toHaveCount(0);
  // The turn with SQL lost its take (out of date); the other one is untouched.
  await expect.poll(() => turnStatuses(page)).toEqual(['stale', 'done']);
  await expect(page.getByTestId('turn-status').first()).toHaveText('out of date');
  await expect(page.getByTestId('turn-status').nth(1)).toHaveText('rendered');
  await expect(page.getByTestId('render-all')).toContainText('1');
  // The render queue says it in the same words as the list; the other is still rendered.
  const queueStatuses = () =>
    page
      .getByTestId('queue-row')
      .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.status ?? ''));
  await expect.poll(queueStatuses).toEqual(['stale', 'done']);
  await expect(page.getByTestId('queue-row').first()).toContainText('out of date');
  await expect(page.getByTestId('timeline')).toContainText('out of date'); // the legend

  // Undo brings back the list and the take, and the queue follows; redo takes them away again.
  await page.getByTestId('undo').click();
  await expect.poll(() => turnStatuses(page)).toEqual(['done', 'done']);
  await expect.poll(queueStatuses).toEqual(['done', 'done']);
  expect(await durations(page)).toEqual(renderedAs);
  await page.getByTestId('pronunciations-open').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('pronunciation-word')).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect.poll(() => turnStatuses(page)).toEqual(['stale', 'done']);
  await expect.poll(queueStatuses).toEqual(['stale', 'done']);

  // Render all renders it from the spoken text (a new take: see its hash below; "ess-queue-ell" and
  // "sequel" can take the same tenth of a second, so the lengths shown may well agree).
  await renderAll(page);
  expect((await durations(page))[1]).toBe(renderedAs[1]);
  await page.getByTestId('turn-row').first().click();
  await expect(page.getByTestId('said-as')).toContainText(
    'Said as: “Today we talk about sequel, and why people still love it.”',
  );
  await page.getByTestId('turn-row').nth(1).click();
  await expect(page.getByTestId('said-as')).toHaveCount(0);

  // Saved with the project: the list, and the new take with the written words' take in its history.
  await save(page);
  const saved = savedProject(dataDir, TITLE).project;
  expect(saved.settings.pronunciations).toEqual([{ word: 'SQL', sayAs: 'sequel' }]);
  expect(saved.segments[0]!.text).toBe('Today we talk about SQL, and why people still love it.');
  expect(saved.segments[0]!.take!.hash).not.toBe(writtenTake);
  expect(saved.segments[0]!.takeHistory.map((take) => take.hash)).toContain(writtenTake);

  // Closed and opened again: the list is back and nothing needs rendering.
  await page.getByTestId('close-project').click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await page.getByTestId('recent-project').filter({ hasText: TITLE }).click();
  await expect(page.getByTestId('editor')).toBeVisible();
  await expect.poll(() => turnStatuses(page)).toEqual(['done', 'done']);
  await expect(page.getByTestId('render-all')).toBeDisabled();
  await page.getByTestId('pronunciations-open').click();
  await expect(rows.first().getByTestId('pronunciation-word')).toHaveValue('SQL');
  await expect(rows.first().getByTestId('pronunciation-say-as')).toHaveValue('sequel');
  await expect(page.getByTestId('pronunciations-apply')).toHaveText('Apply');
  await page.getByTestId('pronunciations-cancel').click();
  await expect(dialog).toHaveCount(0);
});

test('a list file is imported into the dialog: known words change, new ones are added, bad lines are named', async ({
  studio,
}) => {
  const { page, url } = studio;
  await createProjectFromScript(page, url, 'Import test', SCRIPT);
  await page.getByTestId('pronunciations-open').click();
  const dialog = page.getByTestId('pronunciations-dialog');
  await expect(dialog).toBeVisible();

  const importList = (name: string, text: string) =>
    dialog.getByTestId('pronunciations-import').setInputFiles({
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(text, 'utf8'),
    });
  await importList('series.txt', '# the series\nSQL = sequel\nNGINX = engine x\n');
  const note = dialog.getByTestId('pronunciations-file-note');
  await expect(note).toHaveText(
    'From series.txt: 2 words added, 0 pronunciations changed. Apply to keep them.',
  );
  await importList('fix.txt', 'sql = ess queue ell\n');
  await expect(note).toContainText('0 words added, 1 pronunciation changed');
  await expect(dialog.getByTestId('pronunciation-word')).toHaveCount(2);
  await expect(dialog.getByTestId('pronunciation-say-as').first()).toHaveValue('ess queue ell');

  // A file with a line that is not a pronunciation changes nothing and says which line.
  await importList('broken.txt', 'SQL sequel\n');
  await expect(note).toContainText('Nothing imported. broken.txt:1: "SQL sequel" is not `written = said as`');
  await expect(dialog.getByTestId('pronunciation-word')).toHaveCount(2);

  await dialog.getByTestId('pronunciations-apply').click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('pronunciations-open').click();
  await expect(page.getByTestId('pronunciation-word')).toHaveCount(2);
});
