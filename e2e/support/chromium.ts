/**
 * The browser the e2e tests drive: Debian's Chromium (/usr/bin/chromium) headless, or the one named by
 * ROUNDTABLE_CHROMIUM; without either, Playwright's own download (if installed).
 */
import fs from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.ROUNDTABLE_CHROMIUM;
  if (fromEnv) return fromEnv;
  return fs.existsSync(DEFAULT_CHROMIUM) ? DEFAULT_CHROMIUM : undefined;
}

export function chromiumLaunchOptions(env: NodeJS.ProcessEnv = process.env): LaunchOptions {
  const executablePath = chromiumExecutable(env);
  return { headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) };
}
