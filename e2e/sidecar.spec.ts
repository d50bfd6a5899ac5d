/**
 * A sidecar added in Settings → Engines, in Chromium against serve mode started with
 * --allow-sidecar-commands: the fake sidecar (test-support/fake-sidecar) added with the CLI's checks,
 * tested, its voice picked for a speaker, a turn rendered through it, its state and memory (GPU by pid
 * through the fake nvidia-smi, RAM) in the dialog and in the Resources panel, removed; no process left.
 * Without the flag the studio explains how to add one instead. Screenshots of the dialog with the sidecar
 * form go to /tmp/shots-sidecar/ (ROUNDTABLE_SHOTS_DIR overrides).
 *
 * data-testid: engine-add-kind-sidecar, sidecar-add-{kind,name,command,modelPath,model,healthPath,
 * loadTimeoutS,gpuMemoryMiB,ramMemoryMiB,dialect,binary,size,backend}, sidecar-add, sidecar-add-error,
 * sidecar-add-refused, engine-sidecar-state, engine-sidecar-memory, sidecar-memory (Resources panel).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { fakeNvidiaSmiEnv } from '../electron/host/watchdog/testing/fake-nvidia-smi';
import { FAKE_SIDECAR } from '../test-support/fake-sidecar/fake-sidecar-path';
import { createProjectFromScript } from './support/new-project';
import { turnStatuses } from './support/project-state';
import { expect, RENDERER_MISSING_MESSAGE, rendererBuilt, startServe, test } from './support/serve-fixture';

const SHOTS_DIR = process.env.ROUNDTABLE_SHOTS_DIR ?? '/tmp/shots-sidecar';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function startedPids(file: string): number[] {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
}

async function shoot(page: Page, name: string, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await expect(page.getByTestId('sidecar-add-form')).toBeVisible();
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({
    path: path.join(SHOTS_DIR, `${name}-${width}x${height}.png`),
    animations: 'disabled',
  });
  // The dialog scrolls where the window is short: the rest of the form, down to its button.
  await page.getByTestId('sidecar-add').scrollIntoViewIfNeeded();
  await page.screenshot({
    path: path.join(SHOTS_DIR, `${name}-${width}x${height}-end.png`),
    animations: 'disabled',
  });
  await expect(page.getByTestId('sidecar-add')).toBeInViewport();
}

test('a sidecar is added, tested, rendered through, watched and removed in Settings → Engines', async ({
  page,
}) => {
  test.skip(!rendererBuilt(), RENDERER_MISSING_MESSAGE);
  test.setTimeout(240_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-e2e-sidecar-'));
  const appsDir = path.join(dir, 'apps');
  fs.mkdirSync(appsDir);
  const pidFile = path.join(dir, 'pids');
  const serve = await startServe({
    args: ['--allow-sidecar-commands'],
    env: fakeNvidiaSmiEnv({ timeline: [{ atMs: 0, usedMiB: 500, totalMiB: 8192 }], appsDir }),
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await createProjectFromScript(page, serve.url, 'Sidecar test', 'Host: Hello from a sidecar.');

    await page.getByRole('button', { name: 'Engines' }).click();
    const dialog = page.getByTestId('engines-dialog');
    await dialog.getByTestId('engine-add-kind-sidecar').click();
    // The ready preset first: the user points it at audiocpp_server and the model folder.
    await expect(dialog.getByTestId('sidecar-add-kind')).toHaveValue('audiocpp-vibevoice');
    await expect(dialog.getByTestId('sidecar-add-binary')).toBeVisible();
    await shoot(page, 'sidecar-preset', 1440, 900);
    await shoot(page, 'sidecar-preset', 900, 600);
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByTestId('sidecar-add-name').fill('vibe');
    await dialog.getByTestId('sidecar-add-binary').fill('/no/such/audiocpp_server');
    await dialog.getByTestId('sidecar-add-modelPath').fill(dir);
    await dialog.getByTestId('sidecar-add').click();
    await expect(dialog.getByTestId('sidecar-add-error')).toContainText(
      'audiocpp_server program /no/such/audiocpp_server does not exist',
    );

    // Any server by its command line: the CLI's checks, in the studio's words.
    await dialog.getByTestId('sidecar-add-kind').selectOption('command');
    await dialog.getByTestId('sidecar-add-name').fill('fakeside');
    const node = process.execPath;
    await dialog.getByTestId('sidecar-add-command').fill(`"${node}" "${FAKE_SIDECAR}" --port 8080`);
    await dialog.getByTestId('sidecar-add-model').fill('VibeVoice-1.5B');
    await dialog.getByTestId('sidecar-add').click();
    await expect(dialog.getByTestId('sidecar-add-error')).toContainText('contains {port}');
    await dialog
      .getByTestId('sidecar-add-command')
      .fill(
        `"${node}" "${FAKE_SIDECAR}" --port {port} --model {model} --gpu-mib 1200 --pid-file "${pidFile}"`,
      );
    await dialog.getByTestId('sidecar-add-modelPath').fill('/models/VibeVoice-1.5B');
    await dialog.getByTestId('sidecar-add-healthPath').fill('/health');
    await dialog.getByTestId('sidecar-add-loadTimeoutS').fill('120');
    await dialog.getByTestId('sidecar-add-gpuMemoryMiB').fill('1500');
    await shoot(page, 'sidecar-command', 1440, 900);
    await shoot(page, 'sidecar-command', 900, 600);
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByTestId('sidecar-add').click();

    const row = dialog.getByTestId('engine-row').filter({ hasText: 'fakeside' });
    await expect(row).toBeVisible();
    await expect(dialog.getByTestId('sidecar-add-error')).toHaveCount(0);
    await expect(row.getByTestId('engine-sidecar-state')).toContainText('stopped');
    await expect(row.getByTestId('engine-sidecar-memory')).toContainText('expected GPU 1.5 GB');
    await row.getByTestId('engine-test').click();
    await expect(row.getByTestId('engine-test-result')).toContainText(
      /sidecar: healthy in \d+ ms; models VibeVoice-1\.5B; stopped again/,
    );
    await expect(row.getByTestId('engine-status')).toHaveText('works');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Its voice for the speaker, and a turn rendered through it.
    const select = page.getByTestId('speaker-row').first().getByTestId('voice-select');
    const option = select.locator('optgroup[label*="fakeside"] option', { hasText: 'alba' });
    await expect(option).toHaveCount(1);
    await select.selectOption((await option.getAttribute('value')) ?? '');
    await page.getByTestId('render-all').click();
    await expect.poll(() => turnStatuses(page), { timeout: 120_000 }).toEqual(['done']);

    // Its memory beside the worker's in the Resources panel, and its state in the dialog.
    await page.getByTestId('tab-resources').click();
    await expect(page.getByTestId('sidecar-memory')).toContainText(
      /Server fakeside: GPU 1\.2 GB · RAM \d+ MB/,
      {
        timeout: 30_000,
      },
    );
    await page.getByRole('button', { name: 'Engines' }).click();
    await expect(row.getByTestId('engine-sidecar-state')).toContainText(/ready · pid \d+/);
    await expect(row.getByTestId('engine-sidecar-memory')).toContainText(
      /uses GPU 1\.2 GB · RAM \d+ MB \(expected GPU 1\.5 GB\)/,
    );
    await page.screenshot({
      path: path.join(SHOTS_DIR, 'sidecar-ready-1440x900.png'),
      animations: 'disabled',
    });
    const running = startedPids(pidFile);
    expect(running.some(isAlive)).toBe(true);

    await row.getByTestId('engine-remove').click();
    await row.getByTestId('engine-remove-confirm').click();
    await expect(dialog.getByTestId('engines-empty')).toBeVisible();
    await expect.poll(() => startedPids(pidFile).filter(isAlive)).toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  } finally {
    await serve.stop();
    const left = startedPids(pidFile).filter(isAlive);
    for (const pid of left) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(left, 'sidecar processes left running').toEqual([]);
  }
});

test('serve mode without --allow-sidecar-commands explains how to add a sidecar instead', async ({
  page,
  serve,
}) => {
  test.skip(!serve.rendererBuilt, RENDERER_MISSING_MESSAGE);
  await page.setViewportSize({ width: 1440, height: 900 });
  await createProjectFromScript(page, serve.url, 'No sidecars', 'Host: Hello.');
  await page.getByRole('button', { name: 'Engines' }).click();
  const dialog = page.getByTestId('engines-dialog');
  await dialog.getByTestId('engine-add-kind-sidecar').click();
  await expect(dialog.getByTestId('sidecar-add-form')).toHaveCount(0);
  const note = dialog.getByTestId('sidecar-add-refused');
  await expect(note).toContainText('roundtable serve --allow-sidecar-commands');
  await expect(note).toContainText('roundtable engines add <name> --command');
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, 'sidecar-refused-1440x900.png') });
});
