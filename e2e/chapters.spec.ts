/**
 * Chapters edited in the studio: start one at a turn, rename it, undo, remove it; the export's chapter track
 * carries what the editor shows.
 */
import fs from 'node:fs';
import { createProjectFromScript } from './support/new-project';
import { expect, test } from './support/studio-fixture';

test.use({ viewport: { width: 1280, height: 800 } });

test('chapters are started, renamed and removed at a turn, and exported as shown', async ({ studio }) => {
  const { page, url } = studio;
  await createProjectFromScript(
    page,
    url,
    'Chapter test',
    'Host: Hello.\nGuest: Hi there.\nHost: On to the next part.\n',
  );
  await expect(page.getByTestId('turn-row')).toHaveCount(3);
  await expect(page.getByTestId('chapter')).toHaveCount(0);

  // Start a chapter at the third turn.
  await page.getByTestId('turn-row').nth(2).click();
  await page.getByTestId('chapter-start').click();
  await expect(page.getByTestId('chapter-title')).toBeFocused();
  await page.getByTestId('chapter-title').fill('Middle');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chapter')).toHaveCount(1);
  await expect(page.getByTestId('chapter')).toContainText('Middle');
  await expect(page.getByTestId('turn-row').nth(2)).toContainText('§ Middle');

  // Rename; a blank title reverts instead of removing.
  await page.getByTestId('chapter-title').fill('The next part');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chapter')).toContainText('The next part');
  await page.getByTestId('chapter-title').fill('   ');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chapter-title')).toHaveValue('The next part');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('chapter')).toContainText('Middle');
  await page.getByTestId('redo').click();

  // Remove, undo the removal.
  await page.getByTestId('chapter-remove').click();
  await expect(page.getByTestId('chapter')).toHaveCount(0);
  await expect(page.getByTestId('chapter-start')).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('chapter')).toContainText('The next part');

  // A chapter at the first turn too, then render and export: the chapter track has both.
  await page.getByTestId('turn-row').first().click();
  await page.getByTestId('chapter-start').click();
  await page.getByTestId('chapter-title').fill('Opening');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chapter')).toHaveCount(2);
  await page.getByTestId('export-open').click();
  await page.getByTestId('export-format-flac').click();
  await page.getByTestId('export-start').click();
  await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 120_000 });
  const chaptersFile = await page
    .getByTestId('export-file')
    .filter({ hasText: '.chapters.vtt' })
    .getAttribute('data-path');
  const track = fs.readFileSync(chaptersFile!, 'utf8');
  expect(track).toMatch(/00:00:00\.000 --> .*\nOpening/);
  expect(track).toContain('The next part');

  // The dialog opens with this project's last choices, also after a reload.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('export-dialog')).toHaveCount(0);
  await page.reload();
  await page.getByTestId('recent-project').filter({ hasText: 'Chapter test' }).click();
  await page.getByTestId('export-open').click();
  await expect(page.getByTestId('export-format-flac')).toHaveAttribute('aria-checked', 'true');
});
