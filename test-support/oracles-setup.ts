/**
 * Vitest global setup: the audio tests check our encoders, meters and CLI output against independent
 * tools (ffmpeg, ffprobe, espeak-ng). Without them dozens of tests would fail with ENOENT; instead the
 * run stops at once and says what to install. The app itself needs none of these tools.
 */
import { spawnSync } from 'node:child_process';

const ORACLES: readonly { command: string; args: string[]; debianPackage: string }[] = [
  { command: 'ffmpeg', args: ['-version'], debianPackage: 'ffmpeg' },
  { command: 'ffprobe', args: ['-version'], debianPackage: 'ffmpeg' },
  { command: 'espeak-ng', args: ['--version'], debianPackage: 'espeak-ng' },
];

/** The oracles that cannot be run from PATH, with the Debian package that provides each. */
export function missingOracles(): { command: string; debianPackage: string }[] {
  return ORACLES.filter(({ command, args }) => {
    const result = spawnSync(command, args, { stdio: 'ignore' });
    return result.error !== undefined || result.status !== 0;
  });
}

export default function setup(): void {
  const missing = missingOracles();
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((m) => m.debianPackage))].join(' ');
  throw new Error(
    `The tests use ${missing.map((m) => m.command).join(', ')} as independent oracles, and ` +
      `${missing.length === 1 ? 'it is' : 'they are'} not on PATH. Install them first, ` +
      `e.g. \`sudo apt-get install ${packages}\` (.ci/run does this), then run the tests again.`,
  );
}
