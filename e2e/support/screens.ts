/**
 * Screenshots of the UI specs at 1440×900 and 900×600, each checked first: every button, field and select
 * in the scope has a name, and none is cut off.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from '@playwright/test';
import { expect } from './serve-fixture';

/** Where screenshots go: ROUNDTABLE_SCREENS_DIR, or e2e/artifacts/screens. */
export const SCREENS_DIR =
  process.env.ROUNDTABLE_SCREENS_DIR ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'screens');
export const SCREEN_SIZES = [
  { width: 1440, height: 900 },
  { width: 900, height: 600 },
] as const;

/**
 * Every button, field and select in `scope` has a name, and none is cut off: inside the window sideways,
 * and (outside the dialog's scrolling body, whose rows scroll into view) inside it top to bottom too.
 */
export async function expectNamedAndInside(page: Page, scope: Locator): Promise<void> {
  const viewport = page.viewportSize();
  const problems = await scope.locator('button, input, select').evaluateAll((elements, size) => {
    const found: string[] = [];
    for (const element of elements as HTMLElement[]) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      const label =
        element.getAttribute('aria-label') ||
        (element as HTMLInputElement).labels?.[0]?.textContent?.trim() ||
        element.textContent?.trim() ||
        element.getAttribute('placeholder') ||
        element.getAttribute('title');
      const what = element.outerHTML.slice(0, 80);
      if (!label) found.push(`unnamed: ${what}`);
      if (!size) continue;
      const body = element.closest('.modal__body')?.getBoundingClientRect();
      const left = Math.max(0, body?.left ?? 0);
      const right = Math.min(size.width, body?.right ?? size.width);
      if (box.left < left - 0.5 || box.right > right + 0.5) found.push(`cut off sideways: ${what}`);
      if (!body && (box.top < 0 || box.bottom > size.height + 0.5)) found.push(`outside the window: ${what}`);
    }
    return found;
  }, viewport);
  expect(problems).toEqual([]);
}

/** `prepare` runs after each resize (e.g. to scroll the scope into view). */
export async function screenshots(
  page: Page,
  name: string,
  scope: Locator,
  prepare?: () => Promise<void>,
): Promise<void> {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await prepare?.();
    await expect(scope).toBeVisible();
    await expectNamedAndInside(page, scope);
    await page.screenshot({ path: path.join(SCREENS_DIR, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SCREEN_SIZES[0]);
}
