#!/usr/bin/env node
// Entry of the `roundtable` command. Runs the esbuild bundle in dist/cli/ (built by `npm ci` through the
// `prepare` script, or `npm run build:cli`) while no source it was built from has changed since; otherwise
// runs the TypeScript sources through tsx's loader. ROUNDTABLE_NO_BUNDLE=1 forces the sources;
// ROUNDTABLE_DEBUG=1 says on stderr why the sources run, and maps bundle stack traces back to them.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const bundleDir = new URL('dist/cli/', root);
const debug = Boolean(process.env.ROUNDTABLE_DEBUG);

// `roundtable voices | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/**
 * Why the bundle cannot run, or undefined when it can: it exists, and no source listed in its build-info.json
 * was modified after the build started. A listed source that is gone does not count: removing a module
 * changes the files that imported it, and a copy shipped without sources still runs. About 2 ms for the
 * ~200 sources (one stat each).
 */
function bundleUnusableBecause() {
  const optOut = process.env.ROUNDTABLE_NO_BUNDLE;
  if (optOut && optOut !== '0') return 'ROUNDTABLE_NO_BUNDLE is set';
  let info;
  try {
    info = JSON.parse(fs.readFileSync(new URL('build-info.json', bundleDir), 'utf8'));
  } catch {
    return 'dist/cli/ holds no bundle ("npm run build:cli" builds it)';
  }
  if (info?.format !== 1 || !Array.isArray(info.sources) || typeof info.startedAtMs !== 'number') {
    return 'dist/cli/build-info.json is not one this version reads ("npm run build:cli" rebuilds it)';
  }
  const rootPath = fileURLToPath(root);
  for (const source of info.sources) {
    const stat = fs.statSync(rootPath + source, { throwIfNoEntry: false });
    if (stat && stat.mtimeMs > info.startedAtMs) {
      return `${source} changed after the bundle was built ("npm run build:cli" rebuilds it)`;
    }
  }
  return undefined;
}

async function loadMain() {
  const reason = bundleUnusableBecause();
  if (reason === undefined) {
    if (debug) process.setSourceMapsEnabled(true);
    // serve's default UI folder is found relative to its source file, one level deeper than the bundle.
    process.env.ROUNDTABLE_RENDERER_DIR ??= fileURLToPath(new URL('dist/renderer', root));
    return (await import(new URL('roundtable.js', bundleDir).href)).runCli;
  }
  if (debug) process.stderr.write(`roundtable: running from sources: ${reason}\n`);
  const { register } = await import('tsx/esm/api');
  register();
  return (await import(fileURLToPath(new URL('electron/cli/main.ts', root)))).runCli;
}

// runCli: main with Ctrl+C, SIGTERM and SIGHUP handled (exit 130, 143, 129 after cleaning up).
const runCli = await loadMain();
process.exitCode = await runCli(process.argv.slice(2));
