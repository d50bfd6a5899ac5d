/**
 * Vitest global setup: bundles the entries the code starts as processes and threads (the inference worker,
 * espeak, ONNX Runtime, recording, export, limiter and MP3 threads, the model inspector) once per run, from
 * the sources under test, and points ROUNDTABLE_PREBUILT_SIBLINGS at them (electron/threads/sibling-entry.ts).
 * Without it each of the hundreds of workers and threads the tests start ran its TypeScript through tsx's
 * loader again; the fake speech server that CLI tests start as a process is bundled beside them. The
 * folder is inside the repository so that the bundles' external packages resolve from its node_modules; it
 * is removed when the run ends (one a killed run left, by the next run).
 * sibling-entry.test.ts still runs the source path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleEntries, REPO_ROOT, SIBLING_ENTRIES } from '../electron/build/bundle';
import { isProcessAlive } from '../electron/host/project/process-alive';
import { PREBUILT_SIBLINGS_ENV } from '../electron/threads/sibling-entry';
import { FAKE_SERVER_BUNDLE_ENV, FAKE_SERVER_ENTRY } from './fake-speech-server/process-command';

/** Folders of earlier runs that were killed before their teardown (Ctrl+C): removed, never a live run's. */
function removeStaleFolders(distDir: string): void {
  const names = fs.existsSync(distDir) ? fs.readdirSync(distDir) : [];
  for (const name of names) {
    const pid = /^test-siblings-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && !isProcessAlive(Number(pid))) {
      fs.rmSync(path.join(distDir, name), { recursive: true, force: true });
    }
  }
}

export default async function setup(): Promise<() => void> {
  removeStaleFolders(path.join(REPO_ROOT, 'dist'));
  const outDir = path.join(REPO_ROOT, 'dist', `test-siblings-${process.pid}`);
  await bundleEntries({ outDir, entries: SIBLING_ENTRIES });
  process.env[PREBUILT_SIBLINGS_ENV] = outDir;
  // The fake speech server the CLI tests start as a process (in a folder of its own: bundleEntries empties it).
  const toolsDir = path.join(outDir, 'test-tools');
  await bundleEntries({ outDir: toolsDir, entries: [{ ...FAKE_SERVER_ENTRY, kind: 'node-esm' }] });
  process.env[FAKE_SERVER_BUNDLE_ENV] = path.join(toolsDir, FAKE_SERVER_ENTRY.outFile);
  return () => {
    delete process.env[PREBUILT_SIBLINGS_ENV];
    delete process.env[FAKE_SERVER_BUNDLE_ENV];
    fs.rmSync(outDir, { recursive: true, force: true });
  };
}
