/** Find in turns: Ctrl+F, type, step through the matches in a long list, Escape back to the list. */
import { createProjectFromScript } from './support/new-project';
import { expect, test } from './support/studio-fixture';

test.use({ viewport: { width: 1280, height: 800 } });

test('finds turns by their words and steps through the matches', async ({ studio }) => {
  const { page, url } = studio;
  const lines = Array.from({ length: 60 }, (_, i) =>
    i % 20 === 7 ? `Guest: Line ${i + 1} mentions the Café by name.` : `Host: Line ${i + 1} is filler.`,
  );
  await createProjectFromScript(page, url, 'Find test', lines.join('\n'));

  await page.getByTestId('turn-row').first().click();
  await page.keyboard.press('Control+f');
  await expect(page.getByTestId('turn-search')).toBeFocused();
  await page.keyboard.type('cafe by');
  await expect(page.getByTestId('turn-search-count')).toHaveText('1 of 3');
  await expect(page.getByTestId('turn-editor')).toContainText('Turn 8');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('turn-search-count')).toHaveText('2 of 3');
  await expect(page.getByTestId('turn-editor')).toContainText('Turn 28');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // wraps around
  await expect(page.getByTestId('turn-editor')).toContainText('Turn 8');
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('turn-editor')).toContainText('Turn 48');
  // The selected match is scrolled into the (virtualised) list.
  await expect(page.locator('[data-testid="turn-row"][aria-selected="true"]')).toContainText('Line 48');

  await page.getByTestId('turn-search').fill('no such words');
  await expect(page.getByTestId('turn-search-count')).toHaveText('no match');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('turn-search')).toHaveValue('');
  await expect(page.locator('.turns__list')).toBeFocused();
});
