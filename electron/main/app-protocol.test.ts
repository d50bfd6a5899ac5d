import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../host/util/logger';
import { createFakeStudioHost } from '../transport/testing/fake-studio-host';
import { createAppProtocolHandler } from './app-protocol';
import { DESKTOP_CSP } from './security';

const HASH = 'aabbccddeeff0011';

describe('app:// protocol handler', () => {
  let tmp: string;
  let handle: (request: Request) => Promise<Response>;
  const wav = Buffer.from(Array.from({ length: 600 }, (_, i) => i % 256));

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-app-protocol-'));
    const rendererDir = path.join(tmp, 'renderer');
    await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<title>Roundtable Studio</title>');
    await fs.writeFile(path.join(rendererDir, 'assets', 'index.js'), 'export {}');
    await fs.writeFile(path.join(tmp, 'secret.txt'), 'secret');
    await fs.writeFile(path.join(tmp, `${HASH}.wav`), wav);
    const host = createFakeStudioHost();
    host.takeFiles.set(HASH, path.join(tmp, `${HASH}.wav`));
    handle = createAppProtocolHandler({ rendererDir, host, log: silentLogger });
  });

  afterAll(async () => {
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('serves the renderer with the desktop CSP and content types', async () => {
    const index = await handle(new Request('app://roundtable/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(DESKTOP_CSP);
    expect(await index.text()).toContain('Roundtable Studio');
    const root = await handle(new Request('app://roundtable/'));
    expect(root.status).toBe(200);
    const js = await handle(new Request('app://roundtable/assets/index.js'));
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    'app://roundtable/../secret.txt',
    'app://roundtable/%2e%2e/secret.txt',
    'app://roundtable/assets/..%2f..%2fsecret.txt',
    'app://roundtable/..%5csecret.txt',
    'app://other/index.html',
    'app://roundtable:81/index.html',
  ])('refuses %s', async (url) => {
    const res = await handle(new Request(url));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
  });

  it('serves takes with byte ranges', async () => {
    const url = `app://roundtable/take/${HASH}?dir=${encodeURIComponent('/p')}`;
    const full = await handle(new Request(url));
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('audio/wav');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await full.arrayBuffer()).equals(wav)).toBe(true);

    const part = await handle(new Request(url, { headers: { range: 'bytes=10-19' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/600');
    expect(Buffer.from(await part.arrayBuffer()).equals(wav.subarray(10, 20))).toBe(true);

    const beyond = await handle(new Request(url, { headers: { range: 'bytes=600-' } }));
    expect(beyond.status).toBe(416);

    const missing = await handle(new Request(`app://roundtable/take/ffffffffffffffff?dir=%2Fp`));
    expect(missing.status).toBe(404);
    const noDir = await handle(new Request(`app://roundtable/take/${HASH}`));
    expect(noDir.status).toBe(400);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await handle(new Request('app://roundtable/index.html', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
  });
});
