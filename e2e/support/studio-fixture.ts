/** The `studio` fixture of the UI specs: a page, the serve-mode URL and its data folder. */
import type { Page } from '@playwright/test';
import { expect, RENDERER_MISSING_MESSAGE, test as base } from './serve-fixture';

export { expect } from './serve-fixture';

export interface StudioFixture {
  page: Page;
  url: string;
  dataDir: string;
}

export const test = base.extend<{ studio: StudioFixture }>({
  studio: async ({ page, serve }, use) => {
    test.skip(!serve.rendererBuilt, RENDERER_MISSING_MESSAGE);
    // No UI test may end with an uncaught error in the page, whatever it was testing.
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await use({ page, url: serve.url, dataDir: serve.dataDir });
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  },
});
