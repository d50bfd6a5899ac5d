/**
 * Unsaved work survives closing and reloading: Close asks before dropping edits, a reloaded page offers
 * the autosave back when the project is reopened, and dialogs close with Escape wherever focus was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createProjectFromScript } from './support/new-project';
import { expect, test } from './support/studio-fixture';

const SCREENS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts', 'screens');
const SCRIPT = 'Host: The line as it was first written.\nGuest: A second voice.\n';

test.use({ viewport: { width: 1280, height: 720 } });

async function firstTurnText(page: Page): Promise<string> {
  return (await page.getByTestId('turn-row-text').first().textContent()) ?? '';
}

async function editFirstTurn(page: Page, text: string): Promise<void> {
  await page.getByTestId('turn-row').first().click();
  await page.getByTestId('turn-text').fill(text);
  await expect(page.getByTestId('turn-row-text').first()).toHaveText(text);
}

async function openRecent(page: Page, title: string): Promise<void> {
  await page.getByTestId('recent-project').filter({ hasText: title }).click();
  await expect(page.getByTestId('editor')).toBeVisible();
}

test('unsaved edits are asked about on close and offered back after a reload', async ({ studio }) => {
  const { page, url } = studio;
  await createProjectFromScript(page, url, 'Session test', SCRIPT);

  // The shortcuts list has no field to focus; Escape still closes it.
  await page.getByTestId('turn-row').first().click();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The header says where edits are: only project.json is "saved"; the autosave keeps them meanwhile.
  await expect(page.getByTestId('save')).toHaveText('Saved to project');
  // Close with an unsaved edit: asked; Escape (Cancel) keeps the project open with the edit.
  await editFirstTurn(page, 'Saved through the close dialog.');
  await expect(page.getByTestId('save')).toHaveText('Edits kept in autosave');
  await expect(page.getByTestId('status-saved')).toContainText('not in project');
  await page.getByTestId('close-project').click();
  await expect(page.getByTestId('close-dialog')).toBeVisible();
  // Each choice says what it keeps; the one that drops the edits does not call them saved.
  await expect(page.getByTestId('close-dialog')).toContainText(
    'kept in the autosave while the project is open',
  );
  await expect(page.getByTestId('close-choices')).toContainText(
    'Close without saving keeps project.json as it was last saved and deletes these edits, autosave included.',
  );
  await expect(page.getByTestId('close-discard')).toHaveText('Close without saving');
  await expect(page.getByTestId('close-save')).toHaveText('Save to project and close');
  await expect(page.getByTestId('close-save')).toBeFocused();
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, '10-close-dialog.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('close-dialog')).toHaveCount(0);
  expect(await firstTurnText(page)).toBe('Saved through the close dialog.');

  // Save and close, reopen: the edit is in project.json, nothing to recover, no warning.
  await page.getByTestId('close-project').click();
  await page.getByTestId('close-save').click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await openRecent(page, 'Session test');
  expect(await firstTurnText(page)).toBe('Saved through the close dialog.');
  await expect(page.getByTestId('save')).toHaveText('Saved to project');
  await expect(page.getByTestId('recovery-banner')).toHaveCount(0);
  await expect(page.getByTestId('toast')).toHaveCount(0);

  // An edit, then the page is reloaded before anyone saves: reopening offers it back.
  // No waiting for the autosave delay: leaving the page sends the edit at once.
  await editFirstTurn(page, 'Typed just before the reload.');
  // The page asks before it goes (the browser's "Leave site?"); leaving anyway.
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.accept();
  });
  await page.reload();
  expect(asked).toEqual(['beforeunload']);
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await openRecent(page, 'Session test');
  await expect(page.getByTestId('recovery-banner')).toBeVisible();
  await expect(page.getByTestId('toast')).toContainText('was already open here');
  expect(await firstTurnText(page)).toBe('Saved through the close dialog.');
  await page.getByTestId('recovery-restore').click();
  expect(await firstTurnText(page)).toBe('Typed just before the reload.');

  // Don't save drops it: the next open shows project.json and offers nothing.
  await page.getByTestId('close-project').click();
  await page.getByTestId('close-discard').click();
  await expect(page.getByTestId('start-screen')).toBeVisible();
  await openRecent(page, 'Session test');
  expect(await firstTurnText(page)).toBe('Saved through the close dialog.');
  await expect(page.getByTestId('recovery-banner')).toHaveCount(0);

  // Render, then close without saving: the takes stay in the project's cache, and the next open finds them
  // for the same words and voices (nothing renders again).
  await page.getByTestId('render-all').click();
  await expect(page.getByTestId('status-rendered')).toHaveText('2/2 rendered', { timeout: 60_000 });
  await page.getByTestId('close-project').click();
  await page.getByTestId('close-discard').click();
  await openRecent(page, 'Session test');
  await expect(page.getByTestId('status-rendered')).toHaveText('2/2 rendered');
  await expect(page.getByTestId('turn-row').first()).toHaveAttribute('data-status', 'done');
});
