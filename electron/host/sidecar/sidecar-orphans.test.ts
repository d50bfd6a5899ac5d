/** Sidecars of a host that went away: ended by its exit handler, or by the next host after a SIGKILL. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../test-support/poll';
import { alive, sidecarFixture, signal } from './testing/sidecar-fixture';

const HOST_THAT_DIES = fileURLToPath(
  new URL('../../../test-support/fake-sidecar/host-that-dies.ts', import.meta.url),
);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const fx = sidecarFixture();
const { supervise, strays } = fx;

describe('a host that goes away', () => {
  it.skipIf(process.platform === 'win32')(
    'ends its sidecars when it exits without stopping them',
    async () => {
      const grandchildFile = fx.at('grandchild');
      const host = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          HOST_THAT_DIES,
          fx.at('records'),
          fx.at('pids'),
          '--host-exit',
          '--grandchild-pid-file',
          grandchildFile,
        ],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let output = '';
      host.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const sidecar = await pollUntil(
        () => Number(/ready (\d+)/.exec(output)?.[1] ?? 0),
        'the host to report',
        60_000,
      );
      strays.add(sidecar);
      await pollUntil(() => host.exitCode !== null, 'the host to exit');
      const grandchild = Number(fs.readFileSync(grandchildFile, 'utf8'));
      strays.add(grandchild);
      await pollUntil(() => !alive(sidecar) && !alive(grandchild), 'the sidecar and its child to be gone');
    },
  );

  it.skipIf(process.platform !== 'linux')(
    'is ended by the next host that starts it, after a SIGKILL',
    async () => {
      const recordDir = fx.at('records');
      const host = spawn(process.execPath, ['--import', 'tsx', HOST_THAT_DIES, recordDir, fx.at('pids')], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      host.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const orphan = await pollUntil(
        () => {
          const match = /ready (\d+)/.exec(output);
          return match ? Number(match[1]) : 0;
        },
        'the first host to report',
        60_000,
      );
      strays.add(orphan);
      host.kill('SIGKILL');
      await pollUntil(() => host.exitCode !== null || host.signalCode !== null, 'the first host to die');
      // Nothing in the killed host could stop it: the sidecar is still there.
      expect(alive(orphan)).toBe(true);
      const next = supervise([], {}, { recordDir });
      const lease = await next.acquire(signal());
      lease.release();
      expect(alive(orphan)).toBe(false);
      expect(next.pid).not.toBe(orphan);
      expect(fs.existsSync(path.join(recordDir, 'fake.json'))).toBe(true);
    },
  );
});
