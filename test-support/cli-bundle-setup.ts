/**
 * Vitest global setup: the CLI tests run `bin/roundtable.js` as a user does, and it runs the bundle in
 * dist/cli only while no source it was built from is newer; otherwise it runs the TypeScript through tsx,
 * which costs about a second more CPU per command. After one edited source the suite took 405 s instead
 * of 285 s here, and tested the sources rather than what `npm ci` builds. So a stale bundle is rebuilt
 * first, as `npm run build:cli` would. bin/roundtable.js itself says whether it is stale (one start, with
 * ROUNDTABLE_DEBUG), so the rule lives in one place. ROUNDTABLE_NO_BUNDLE=1 keeps the tests on the sources.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { bundleCli } from '../electron/build/cli-bundle';
import { REPO_ROOT } from '../electron/build/bundle';

/** Why bin/roundtable.js would run from the sources, or undefined when it runs the bundle. */
export function cliRunsFromSourcesBecause(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'roundtable.js'), '--version'], {
    env: { ...env, ROUNDTABLE_DEBUG: '1' },
    encoding: 'utf8',
  });
  return /^roundtable: running from sources: (.*)$/m.exec(result.stderr)?.[1];
}

export default async function setup(): Promise<void> {
  const optOut = process.env.ROUNDTABLE_NO_BUNDLE;
  if (optOut && optOut !== '0') return;
  const reason = cliRunsFromSourcesBecause();
  if (reason === undefined) return;
  try {
    const report = await bundleCli();
    process.stdout.write(`tests: rebuilt dist/cli (${reason}) in ${report.elapsedMs} ms\n`);
  } catch (error) {
    // The CLI tests then run the sources, and say what is wrong with them where it matters.
    process.stdout.write(`tests: dist/cli is stale (${reason}) and did not rebuild: ${String(error)}\n`);
  }
}
