/**
 * Finds the nvidia-smi binary: `ROUNDTABLE_NVIDIA_SMI` if set, else the PATH, else (Windows) the places the
 * NVIDIA driver installs it. A `.js`/`.mjs` override runs under this Node (tests use a fake written in JS).
 */
import fs from 'node:fs';
import path from 'node:path';

export const NVIDIA_SMI_ENV = 'ROUNDTABLE_NVIDIA_SMI';

export const WINDOWS_NVIDIA_SMI_PATHS = [
  'C:\\Windows\\System32\\nvidia-smi.exe',
  'C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvidia-smi.exe',
];

/** How to start nvidia-smi: `file` with `prefixArgs` before the query arguments. */
export interface NvidiaSmiCommand {
  file: string;
  prefixArgs: string[];
  /** Extra environment for the child (Electron's binary needs ELECTRON_RUN_AS_NODE to run a script). */
  env: Record<string, string>;
  /** `.cmd`/`.bat` shims on Windows can only be started through the shell. */
  shell: boolean;
  source: 'env' | 'path' | 'windows-default';
}

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Injected for tests; defaults to "is a file". */
  isFile?: (candidate: string) => boolean;
}

export function locateNvidiaSmi(options: LocateOptions = {}): NvidiaSmiCommand | null {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const isFile = options.isFile ?? defaultIsFile;
  const override = env[NVIDIA_SMI_ENV]?.trim();
  if (override) return isFile(override) ? commandFor(override, 'env', platform) : null;

  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  const names = platform === 'win32' ? ['nvidia-smi.exe'] : ['nvidia-smi'];
  const pathValue = env.PATH ?? env.Path ?? '';
  for (const dir of pathValue.split(platform === 'win32' ? ';' : ':')) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = pathApi.join(dir.replace(/^"|"$/g, ''), name);
      if (isFile(candidate)) return commandFor(candidate, 'path', platform);
    }
  }
  if (platform === 'win32') {
    for (const candidate of WINDOWS_NVIDIA_SMI_PATHS) {
      if (isFile(candidate)) return commandFor(candidate, 'windows-default', platform);
    }
  }
  return null;
}

function commandFor(
  file: string,
  source: NvidiaSmiCommand['source'],
  platform: NodeJS.Platform,
): NvidiaSmiCommand {
  if (/\.(c|m)?js$/i.test(file)) {
    return {
      file: process.execPath,
      prefixArgs: [file],
      env: { ELECTRON_RUN_AS_NODE: '1' },
      shell: false,
      source,
    };
  }
  const shell = platform === 'win32' && /\.(cmd|bat)$/i.test(file);
  return { file: shell ? `"${file}"` : file, prefixArgs: [], env: {}, shell, source };
}

function defaultIsFile(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isFile();
  } catch {
    return false;
  }
}
