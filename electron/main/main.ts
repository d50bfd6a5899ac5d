/** Entry of the Electron main process (bundled to dist/electron/main.js next to preload.cjs and worker-main.js). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { safeStorage } from 'electron';
import { resolveDataDir } from '../host/paths';
import { KeychainSecrets } from '../host/speech-server/keychain-secrets';
import { createStudioHost } from '../host/studio-host';
import { createLogger } from '../host/util/logger';
import { runDesktopApp } from './desktop-app';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = createLogger('desktop');

runDesktopApp({
  paths: {
    rendererDir: path.join(here, '..', 'renderer'),
    preloadPath: path.join(here, 'preload.cjs'),
    workerEntryPath: path.join(here, 'worker-main.js'),
    iconPath: path.join(here, 'icon.png'),
  },
  createHost: ({ spawnWorker, takeUrl, exportFileUrl, openFolder, pickFolder, log: logger }) => {
    const dataDir = resolveDataDir();
    return createStudioHost({
      mode: 'desktop',
      dataDir,
      spawnWorker,
      takeUrl,
      exportFileUrl,
      openFolder,
      pickFolder,
      logger,
      // API keys entered in Settings → Engines: encrypted by the OS keychain (safeStorage), never in clear.
      servers: { secrets: new KeychainSecrets(safeStorage, dataDir) },
    });
  },
  log,
});
