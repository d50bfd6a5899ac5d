/**
 * Desktop smoke test with Playwright's Electron driver: the window opens isolated and sandboxed, exposes
 * exactly StudioApi, renders the demo script (examples/roundtable-demo.txt) with the bundled espeak-ng
 * voices, exports a WAV, and quits leaving no process behind.
 *
 * What it launches:
 * - ROUNDTABLE_ELECTRON_APP set: that executable, an installed or unpacked app (CI: the NSIS install, the
 *   extracted AppImage, the installed .deb, `electron-builder --dir`); it must exist.
 * - otherwise the development layout (dist/electron, bundled here first) with the Electron binary of
 *   node_modules; skipped, with a note on stdout, where that binary is not installed
 *   (`npm run electron:install` downloads it).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { _electron as electron, expect, test } from '@playwright/test';
import { eventNames, methodNames } from '../shared/api/studio-api';
import { parseScript } from '../shared/script/parser';
import { bundleElectron } from '../electron/build/bundle';
import { turnStatuses } from './support/project-state';
import { REPO_ROOT, RENDERER_MISSING_MESSAGE, rendererBuilt } from './support/serve-fixture';

export const ELECTRON_MISSING_MESSAGE =
  'Electron binary not installed (node_modules/electron/dist missing); run npm run electron:install where the network allows';

const DEMO_SCRIPT = path.join(REPO_ROOT, 'examples', 'roundtable-demo.txt');

function electronBinary(): string | null {
  try {
    const resolved = createRequire(import.meta.url)('electron') as unknown;
    return typeof resolved === 'string' && fs.existsSync(resolved) ? resolved : null;
  } catch {
    return null;
  }
}

/** Whether a process with this id still exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function launch(dataDir: string): Promise<ElectronApplication | null> {
  const env = { ...process.env, ROUNDTABLE_DATA_DIR: dataDir };
  const installed = process.env.ROUNDTABLE_ELECTRON_APP;
  if (installed) {
    expect(fs.existsSync(installed), `ROUNDTABLE_ELECTRON_APP=${installed} does not exist`).toBe(true);
    return electron.launch({ executablePath: installed, args: [], env });
  }
  const binary = electronBinary();
  if (binary === null) return null;
  expect(rendererBuilt(), RENDERER_MISSING_MESSAGE).toBe(true);
  await bundleElectron();
  return electron.launch({ executablePath: binary, args: ['.'], cwd: REPO_ROOT, env });
}

test('the desktop app: isolated window, exactly StudioApi, demo rendered and exported, clean quit', async () => {
  test.setTimeout(15 * 60_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-e2e-electron-'));
  const app = await launch(dataDir);
  if (app === null) {
    console.log(`[e2e] electron-smoke skipped: ${ELECTRON_MISSING_MESSAGE}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    test.skip(true, ELECTRON_MISSING_MESSAGE);
    return;
  }
  let closed = false;
  try {
    const window = await app.firstWindow();
    await expect.poll(() => window.title()).toBe('Roundtable Studio');
    expect(window.url()).toBe('app://roundtable/index.html');

    // Sandboxed: every renderer (app.enableSandbox), nothing turned it off; Windows also reports the
    // renderer's OS-level sandbox. Isolated: window.studio exists, and contextBridge refuses to expose
    // anything without context isolation; the page sees none of Node or the preload.
    const sandbox = await app.evaluate(({ app: main }) => ({
      enabled: main.commandLine.hasSwitch('enable-sandbox'),
      disabled: main.commandLine.hasSwitch('no-sandbox'),
      renderers: main
        .getAppMetrics()
        .filter((metric) => metric.type === 'Tab')
        .map((metric) => metric.sandboxed),
    }));
    expect(sandbox.enabled).toBe(true);
    expect(sandbox.disabled).toBe(false);
    expect(sandbox.renderers.length).toBeGreaterThan(0);
    if (process.platform === 'win32') expect(sandbox.renderers.every((one) => one === true)).toBe(true);
    const leaked = await window.evaluate(() =>
      ['require', 'process', 'ipcRenderer', 'electron', 'module', 'Buffer', 'global'].filter(
        (name) => name in window,
      ),
    );
    expect(leaked).toEqual([]);

    // Exactly StudioApi, and it answers.
    const keys = await window.evaluate(() =>
      Object.keys((window as unknown as { studio: object }).studio).sort(),
    );
    expect(keys).toEqual([...methodNames, ...eventNames].sort());
    const info = await window.evaluate(() =>
      (
        window as unknown as { studio: { getAppInfo(i: object): Promise<{ mode: string }> } }
      ).studio.getAppInfo({}),
    );
    expect(info.mode).toBe('desktop');

    // The demo script, rendered with the bundled voices.
    const script = fs.readFileSync(DEMO_SCRIPT, 'utf8');
    const turns = parseScript(script).items.filter((item) => item.kind === 'turn').length;
    expect(turns).toBeGreaterThan(5);
    await window.getByTestId('start-new-project').click();
    await window.getByTestId('project-title').fill('Desktop smoke');
    await window.getByTestId('script-input').fill(script);
    await expect(window.getByTestId('diagnostic')).toHaveCount(0);
    await expect(window.getByTestId('script-summary')).toContainText(`${turns} turns`);
    await expect(window.getByTestId('create-project')).toBeEnabled({ timeout: 120_000 }); // voices listed
    await window.getByTestId('create-project').click();
    await expect(window.getByTestId('editor')).toBeVisible();
    await expect(window.getByTestId('turn-row').first()).toBeVisible();
    await window.getByTestId('render-all').click();
    // The turn list is virtual (not every row is in the page): the queue's count says all are rendered.
    await expect(window.getByTestId('render-progress')).toContainText(`${turns}/${turns}`, {
      timeout: 8 * 60_000,
    });
    await expect(window.getByTestId('render-all')).toBeDisabled();
    await expect
      .poll(async () => (await turnStatuses(window)).filter((status) => status !== 'done'))
      .toEqual([]);

    // A WAV export of the episode.
    await window.getByTestId('export-open').click();
    await expect(window.getByTestId('export-dialog')).toBeVisible();
    await window.getByTestId('export-format-wav').click();
    await window.getByTestId('export-start').click();
    await expect(window.getByTestId('export-result').or(window.getByTestId('export-error'))).toBeVisible({
      timeout: 5 * 60_000,
    });
    await expect(window.getByTestId('export-error')).toHaveCount(0);
    const files = await window
      .getByTestId('export-file')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.path ?? ''));
    const wavFiles = files.filter((file) => file.endsWith('.wav'));
    expect(wavFiles).toHaveLength(1);
    const wav = fs.readFileSync(wavFiles[0]!);
    expect(path.resolve(wavFiles[0]!).startsWith(path.resolve(dataDir))).toBe(true);
    expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(wav.length).toBeGreaterThan(48_000); // well over a second of audio

    // Saved, so closing asks nothing; then every process of the app (main, renderer, GPU, the
    // inference worker and other utility processes) is gone after the quit.
    await window.keyboard.press('Escape');
    await window.getByTestId('save').click();
    await expect(window.getByTestId('save')).toHaveText('Saved');
    const processes = await app.evaluate(({ app: main }) =>
      main.getAppMetrics().map((metric) => ({ pid: metric.pid, type: metric.type, name: metric.name ?? '' })),
    );
    expect(
      processes.some((one) => one.type === 'Utility' && one.name === 'Roundtable inference worker'),
    ).toBe(true);
    await app.close();
    closed = true;
    await expect
      .poll(() => processes.filter((one) => alive(one.pid)), { timeout: 60_000, intervals: [250, 500, 1000] })
      .toEqual([]);
  } finally {
    if (!closed) await app.close().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
