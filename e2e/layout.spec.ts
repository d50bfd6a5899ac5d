/**
 * The editor at 1440 × 900 and at the desktop window's minimum, 900 × 600: every control of the turn editor
 * visible (none under the render queue), the top bar's buttons named in words, the title given the room
 * there is, voice names whole, take lengths on one line. Screenshots of each size go to
 * e2e/artifacts/screens/layout-<size>-*.png for a person to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from './support/studio-fixture';

const SCREENS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens');
const SCRIPT = [
  '# Opening',
  'Host: Welcome to the show.',
  '# News',
  'Guest: Short.',
  '# A deep dive into voices',
  'Host: Today we look at how a voice is made, from text to sound.',
  'Guest: And why some voices sound warmer than others.',
  'Host: Thanks for listening.',
].join('\n');

/** Whether the element's centre is the element itself (or inside it), not something drawn over it. */
async function onTop(page: Page, testId: string): Promise<boolean> {
  return page
    .getByTestId(testId)
    .first()
    .evaluate((element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return false;
      if (box.bottom > window.innerHeight || box.right > window.innerWidth) return false;
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && (hit === element || element.contains(hit));
    });
}

for (const size of [
  { width: 1440, height: 900 },
  { width: 900, height: 600 },
]) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: size });

    test('every control is visible and named', async ({ studio }) => {
      const { page, url } = studio;
      const shot = (name: string) =>
        page.screenshot({ path: path.join(SCREENS_DIR, `layout-${size.width}x${size.height}-${name}.png`) });
      fs.mkdirSync(SCREENS_DIR, { recursive: true });
      await page.goto(url);
      await page.getByTestId('start-new-project').click();
      await page.getByTestId('project-title').fill('Roundtable Weekly: the sound of voices');
      await page.getByTestId('script-input').fill(SCRIPT);
      await expect(page.getByTestId('create-project')).toBeEnabled({ timeout: 60_000 });
      // The folder the form suggests is the folder the project gets.
      const projectDir = page.getByTestId('project-dir');
      await expect(projectDir).toHaveAttribute(
        'placeholder',
        /Roundtable Weekly- the sound of voices( \d+)?$/,
      );
      const suggested = await projectDir.getAttribute('placeholder');
      await shot('1-new-project');
      await page.getByTestId('create-project').click();
      await expect(page.getByTestId('editor')).toBeVisible();
      await expect(page.locator('.statusbar__dir')).toHaveText(suggested!);

      await page.getByTestId('render-all').click();
      await expect(page.getByTestId('status-rendered')).toHaveText('5/5 rendered', { timeout: 90_000 });
      // A take history: the first turn edited and rendered again.
      await page.getByTestId('turn-row').first().click();
      await page.getByTestId('turn-text').fill('Welcome to the show, everyone.');
      await page.getByTestId('turn-regenerate').click();
      await expect(page.getByTestId('turn-row').first()).toHaveAttribute('data-status', 'done', {
        timeout: 60_000,
      });
      await expect(page.getByTestId('take-history-item')).toHaveCount(1);
      await shot('2-editor');

      // The turn editor's controls are on screen, none under the render queue: all of them without
      // scrolling at 1440 × 900; at the minimum size the take history is a scroll of the turn editor away.
      for (const id of ['turn-regenerate', 'turn-lock', 'turn-delete']) {
        expect(await onTop(page, id), id).toBe(true);
      }
      if (size.height < 900) await page.getByTestId('take-history-item').first().scrollIntoViewIfNeeded();
      expect(await onTop(page, 'take-history-item'), 'take-history-item').toBe(true);
      expect(await onTop(page, 'render-queue'), 'render-queue').toBe(true);
      // A take's length stays on one line.
      const lengthLines = await page
        .getByTestId('take-history-item')
        .first()
        .locator('.take__length')
        .evaluate((element) => element.getClientRects().length);
      expect(lengthLines).toBe(1);

      // The top bar's buttons say their names in words.
      for (const id of ['add-script', 'pronunciations-open', 'render-all', 'export-open']) {
        const label = page.getByTestId(id).locator('.btn__label');
        await expect(label, id).toBeVisible();
        expect(await onTop(page, id), id).toBe(true);
      }
      // The title is not cut while the top bar has room to spare.
      const title = await page.getByTestId('project-title-input').evaluate((element) => {
        const input = element as HTMLInputElement;
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room =
          input.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
        const spacer = document.querySelector('.topbar__spacer')!.getBoundingClientRect().width;
        return { cut: context.measureText(input.value).width > room + 1, spacer };
      });
      if (title.cut) expect(title.spacer).toBeLessThan(8);
      // At 1440 × 900 the whole title fits.
      if (size.width >= 1440) expect(title.cut).toBe(false);

      // Voice names are whole in the speakers' voice pickers: what the closed picker shows is the whole
      // label of the chosen voice, and nothing in it is cut.
      for (const select of await page.getByTestId('voice-select').all()) {
        const shown = await select.evaluate((element) => {
          const selectElement = element as HTMLSelectElement;
          const face = selectElement.parentElement!.querySelector<HTMLElement>('.voice-select__face')!;
          const cut = [face, ...Array.from(face.children)].some(
            (part) => part.scrollWidth > part.clientWidth + 1,
          );
          return {
            option: selectElement.selectedOptions[0]?.textContent ?? '',
            face: Array.from(face.children)
              .map((part) => part.textContent)
              .join(' — '),
            cut,
          };
        });
        expect(shown.cut).toBe(false);
        expect(shown.face).toBe(shown.option);
      }

      // The export says where the files are and offers to open and play them.
      await page.getByTestId('export-open').click();
      await page.getByTestId('export-format-mp3').click();
      await shot('3-export-dialog');
      await page.getByTestId('export-start').click();
      await expect(page.getByTestId('export-result')).toBeVisible({ timeout: 120_000 });
      // Serve mode: the browser cannot open folders, so the dialog says where the files are; Play plays
      // the MP3 right here, from the server.
      await expect(page.getByTestId('export-folder-note')).toContainText('cannot open folders');
      await expect(page.getByTestId('export-folder')).toContainText(/exports$/);
      await expect(page.getByTestId('export-open-folder')).toHaveCount(0);
      await page.getByTestId('export-play').first().click();
      const player = page.getByTestId('export-player');
      await expect(player).toBeVisible();
      const src = await player.getAttribute('src');
      expect(src).toMatch(/\/export-file\/.+\.mp3\?dir=/);
      const response = await page.request.get(new URL(src!, url).toString());
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('audio/mpeg');
      await expect
        .poll(() => player.evaluate((audio) => (audio as HTMLAudioElement).duration), { timeout: 30_000 })
        .toBeGreaterThan(5);
      await shot('4-export-result');
    });
  });
}
