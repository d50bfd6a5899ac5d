/**
 * Every render starts these threads, and each loads its own copy of what it imports: zod alone (470 KB
 * bundled, the schemas built on load) costs about 0.1 s of CPU and a garbage collection in each. Threads
 * that only process audio must not pull it in through a shared module.
 */
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { commonBuildOptions, NODE_ESM_OPTIONS, REPO_ROOT } from './bundle';

async function bundledInputs(source: string): Promise<string[]> {
  const result = await build({
    ...commonBuildOptions(REPO_ROOT, false),
    ...NODE_ESM_OPTIONS,
    entryPoints: [path.join(REPO_ROOT, source)],
    write: false,
    metafile: true,
    sourcemap: false,
    legalComments: 'none',
  });
  return Object.keys(result.metafile.inputs);
}

const AUDIO_THREADS = [
  'electron/host/export/recording/recording-thread.ts',
  'electron/host/export/level/limiter-thread.ts',
  'electron/host/export/encoders/mp3/mp3-thread.ts',
  'electron/worker/espeak/espeak-thread.ts',
];

describe('threads that process audio', () => {
  it.each(AUDIO_THREADS)('%s loads no zod', async (source) => {
    const inputs = await bundledInputs(source);
    expect(inputs.length).toBeGreaterThan(1);
    expect(inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([]);
  });

  it('the check sees zod where it is loaded (the export thread validates takes and beds)', async () => {
    const inputs = await bundledInputs('electron/host/export/thread/export-thread.ts');
    expect(inputs.some((input) => input.includes('node_modules/zod/'))).toBe(true);
  });
});
