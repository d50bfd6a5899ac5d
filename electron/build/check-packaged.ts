/**
 * Checks an app electron-builder packed with the real Electron (the `<platform>-unpacked` folder beside the
 * installers) as packaging.test.ts checks the offline one: the layout rules of packaging-layout.ts. The
 * release workflow runs it on the folder its installers were made from.
 *
 * Run: node bin/run-ts.js electron/build/check-packaged.ts <unpacked folder> <win|linux> [arch]
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './bundle';
import { loadBuilderConfig, packageTargets } from './packaging-config';
import { checkLayout, listPackagedApp, missingUnpackedFiles, runtimePackages } from './packaging-layout';

export function checkPackaged(appOutDir: string, platform: string, arch = 'x64'): string[] {
  const target = packageTargets(loadBuilderConfig()).find(
    (one) => one.platform === platform && one.arch === arch,
  );
  if (!target) return [`electron-builder.config.cjs builds nothing for ${platform} ${arch}`];
  const files = listPackagedApp(appOutDir);
  return [
    ...checkLayout(files, { target, runtimePackages: runtimePackages(REPO_ROOT) }),
    ...missingUnpackedFiles(appOutDir, files).map((file) => `${file} is marked unpacked but is not there`),
  ];
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const [dir, platform, arch] = process.argv.slice(2);
  if (!dir || !platform) {
    process.stderr.write('usage: check-packaged.ts <unpacked folder> <win|linux> [arch]\n');
    process.exit(2);
  }
  const problems = checkPackaged(path.resolve(dir), platform, arch);
  for (const problem of problems) process.stderr.write(`packaging: ${problem}\n`);
  process.stdout.write(
    `${path.resolve(dir)}: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}\n`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
