/**
 * The editor at the desktop window's minimum size (900 × 600, electron/main/window-options.ts): nothing is cut
 * off to the right, every top-bar action is on screen, and turn texts are readable.
 */
import { createProjectFromScript } from './support/new-project';
import { expect, test } from './support/studio-fixture';

test.use({ viewport: { width: 900, height: 600 } });

test('the editor fits the smallest window', async ({ studio }) => {
  const { page, url } = studio;
  await createProjectFromScript(
    page,
    url,
    'A rather long episode title that has to give way',
    '# Opening\nHost: The first turn of a small window.\nGuest: A reply.\n',
  );

  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
  for (const id of [
    'add-script',
    'pronunciations-open',
    'render-all',
    'export-open',
    'close-project',
    'save',
    'undo',
  ]) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect(box!.x + box!.width, id).toBeLessThanOrEqual(900);
  }
  // Icon-only buttons keep their names for assistive technology and tooltips.
  await expect(page.getByRole('button', { name: 'Export' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pronunciations' })).toBeVisible();
  // The Speakers panel's head fits its narrow column: Match levels ends inside the head's padding.
  const head = page.getByTestId('speakers-panel').locator('.panel__head');
  const room = await head.evaluate((element) => {
    const button = element.querySelector('[data-testid="match-levels"]')!.getBoundingClientRect();
    const padding = Number.parseFloat(getComputedStyle(element).paddingRight);
    return element.getBoundingClientRect().right - padding - button.right;
  });
  expect(room).toBeGreaterThanOrEqual(-0.5);
  await expect(page.getByTestId('match-levels')).toHaveText('Match levels');
  await expect(page.getByTestId('speaker-level').first()).toBeVisible();
  const text = await page.getByTestId('turn-row-text').first().boundingBox();
  expect(text!.width).toBeGreaterThan(150);
  await page.getByTestId('turn-row').first().click();
  for (const id of ['play-from-selected', 'turn-search']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box!.x + box!.width, id).toBeLessThanOrEqual(600); // inside the middle column
  }
  const regenerate = await page.getByTestId('turn-regenerate').boundingBox();
  expect(regenerate!.x + regenerate!.width).toBeLessThanOrEqual(900);
});
