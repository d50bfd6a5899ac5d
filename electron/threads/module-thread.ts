/**
 * Starts a worker thread from a module of this code base (the host's recording thread, the inference
 * worker's espeak and ONNX Runtime threads), found as sibling-entry.ts says: a bundled `<bundledName>.js`,
 * or a TypeScript source (the thread registers tsx, then imports the .ts entry).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { siblingEntry } from './sibling-entry';

/** CommonJS bootstrap for source runs: register tsx inside the thread, then load the TypeScript entry. */
const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.entry); }).catch((error) => {
  setImmediate(() => { throw error; });
});
`;

/**
 * @param callerUrl, sourceEntry, bundledName as for {@link siblingEntry}
 */
export function startModuleThread(
  callerUrl: string,
  sourceEntry: string,
  bundledName: string,
  data: unknown,
): Worker {
  const entry = siblingEntry(callerUrl, sourceEntry, bundledName);
  if (entry.kind === 'bundled') return new Worker(entry.url, { workerData: data });
  // The CommonJS build of tsx's API resolves its own chunks relative to the caller; the ESM build does not.
  const tsxApi = pathToFileURL(
    createRequire(callerUrl)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return new Worker(TSX_BOOTSTRAP, {
    eval: true,
    workerData: { ...(data as object), tsxApi, entry: entry.url.href },
  });
}
