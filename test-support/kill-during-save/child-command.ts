/**
 * How to start the save-loop child. Starting it through tsx costs about a second per process on a slow
 * machine (tsx itself, then transforming and loading the sources), too slow for 100 runs; so the test
 * bundles it once into a temp .mjs with esbuild (the transformer tsx itself runs on) and starts that with
 * plain node. If esbuild cannot be loaded, it falls back to `node --import tsx`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAVE_LOOP_SCRIPT = fileURLToPath(new URL('./save-loop.ts', import.meta.url));
export const REPO_ROOT = path.resolve(path.dirname(SAVE_LOOP_SCRIPT), '..', '..');

export interface ChildCommand {
  command: string;
  args: string[];
  cwd: string;
  how: 'bundle' | 'tsx';
}

export async function prepareSaveLoopChild(workDir: string): Promise<ChildCommand> {
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(workDir, 'save-loop.bundle.mjs');
    await esbuild.build({
      entryPoints: [SAVE_LOOP_SCRIPT],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    });
    return { command: process.execPath, args: [outfile], cwd: REPO_ROOT, how: 'bundle' };
  } catch {
    return {
      command: process.execPath,
      args: ['--import', 'tsx', SAVE_LOOP_SCRIPT],
      cwd: REPO_ROOT,
      how: 'tsx',
    };
  }
}
