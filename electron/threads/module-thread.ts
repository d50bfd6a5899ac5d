/**
 * Starts a worker thread from a module of this code base (the host's recording thread, the inference
 * worker's espeak and ONNX Runtime threads), both when it runs from TypeScript sources
 * (tests, CLI through tsx: the thread registers tsx, then imports the .ts entry) and from a bundle (the
 * entry is a sibling `<bundledName>.js` of the running bundle, which the bundler emits).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** CommonJS bootstrap for source runs: register tsx inside the thread, then load the TypeScript entry. */
const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((api) => { api.register(); return import(workerData.entry); }).catch((error) => {
  setImmediate(() => { throw error; });
});
`;

/**
 * @param callerUrl `import.meta.url` of the module starting the thread
 * @param sourceEntry the entry relative to that module, without extension (`./recording/recording-thread`)
 * @param bundledName the entry's file name in a bundle, without extension (`recording-thread`)
 */
export function startModuleThread(
  callerUrl: string,
  sourceEntry: string,
  bundledName: string,
  data: unknown,
): Worker {
  if (callerUrl.endsWith('.ts')) {
    // The CommonJS build of tsx's API resolves its own chunks relative to the caller; the ESM build does not.
    const tsxApi = pathToFileURL(
      createRequire(callerUrl)
        .resolve('tsx/esm/api')
        .replace(/\.cjs$/, '.mjs'),
    ).href;
    const entry = new URL(`${sourceEntry}.ts`, callerUrl).href;
    return new Worker(TSX_BOOTSTRAP, { eval: true, workerData: { ...(data as object), tsxApi, entry } });
  }
  return new Worker(new URL(`./${bundledName}.js`, callerUrl), { workerData: data });
}
