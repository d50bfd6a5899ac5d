/** The common first step of the UI specs: a new project from a script, through the new-project screen. */
import type { Page } from '@playwright/test';
import { expect } from './serve-fixture';

export async function createProjectFromScript(
  page: Page,
  url: string,
  title: string,
  script: string,
): Promise<void> {
  await page.goto(url);
  await page.getByTestId('start-new-project').click();
  await page.getByTestId('project-title').fill(title);
  await page.getByTestId('script-input').fill(script);
  await expect(page.getByTestId('create-project')).toBeEnabled({ timeout: 60_000 }); // voices listed
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('editor')).toBeVisible();
}
