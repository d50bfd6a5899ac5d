import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../host/util/logger';
import { createFakeStudioHost } from '../../transport/testing/fake-studio-host';
import type { CliIo } from '../cli-io';
import { runServeCommand, SERVE_READY_PREFIX } from './serve';

function captureIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
}

describe('runServeCommand', () => {
  it('prints the address, serves until stopped, then closes the server and disposes the host', async () => {
    const rendererDir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-serve-cmd-'));
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const host = createFakeStudioHost();
    const io = captureIo();
    const stop = new AbortController();
    try {
      const exit = runServeCommand(['--port', '0', '--renderer-dir', rendererDir], io, async () => host, {
        stopSignal: stop.signal,
        log: silentLogger,
      });
      await expect.poll(() => io.out.join('')).toContain(SERVE_READY_PREFIX);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32})/.exec(io.out.join(''))?.[1];
      expect(url).toBeDefined();
      const page = await fetch(url!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect(io.err.join('')).not.toContain('has no index.html');
      stop.abort();
      expect(await exit).toBe(0);
      expect(host.disposed).toBe(true);
      await expect(fetch(url!)).rejects.toThrow();
    } finally {
      await fs.rm(rendererDir, { recursive: true, force: true });
    }
  });

  it('warns when the renderer is not built, and rejects a bad port before creating the host', async () => {
    const io = captureIo();
    const stop = new AbortController();
    stop.abort();
    const host = createFakeStudioHost();
    const missing = path.join(os.tmpdir(), `roundtable-no-renderer-${process.pid}`);
    expect(
      await runServeCommand(['--renderer-dir', missing], io, async () => host, {
        stopSignal: stop.signal,
        log: silentLogger,
      }),
    ).toBe(0);
    expect(io.err.join('')).toContain('npm run build:renderer');
    expect(host.disposed).toBe(true);

    let created = false;
    await expect(
      runServeCommand(['--port', '70000'], captureIo(), async () => {
        created = true;
        return host;
      }),
    ).rejects.toThrow(/--port must be/);
    expect(created).toBe(false);
  });

  it('lets the browser add sidecars only with --allow-sidecar-commands, and says so', async () => {
    const seen: boolean[] = [];
    for (const args of [[], ['--allow-sidecar-commands']]) {
      const io = captureIo();
      const stop = new AbortController();
      stop.abort();
      const missing = path.join(os.tmpdir(), `roundtable-no-renderer-${process.pid}`);
      await runServeCommand(
        ['--renderer-dir', missing, ...args],
        io,
        async ({ allowSidecarCommands }) => {
          seen.push(allowSidecarCommands);
          return createFakeStudioHost();
        },
        { stopSignal: stop.signal, log: silentLogger },
      );
      expect(io.err.join('').includes('Sidecar commands are allowed')).toBe(args.length > 0);
    }
    expect(seen).toEqual([false, true]);
  });
});
