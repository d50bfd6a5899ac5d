import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { eventNames } from '../../shared/api/studio-api';
import type { RunningServer } from './server';
import { startServer } from './server';
import type { FakeStudioHost } from '../transport/testing/fake-studio-host';
import { createFakeStudioHost } from '../transport/testing/fake-studio-host';
import { connect, Inbox, request } from './testing/http-client';

const TAKE_HASH = '0123456789abcdef';

describe('startServer', () => {
  let tmp: string;
  let rendererDir: string;
  let host: FakeStudioHost;
  let server: RunningServer;
  let wavBytes: Buffer;
  let wsUrl: string;
  const openSockets: WebSocket[] = [];

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-serve-'));
    rendererDir = path.join(tmp, 'renderer');
    await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    await fs.writeFile(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
    await fs.writeFile(path.join(rendererDir, 'assets', 'style.css'), 'body{}');
    await fs.writeFile(path.join(tmp, 'secret.txt'), 'outside the renderer');
    await fs.symlink(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'link.txt'));
    wavBytes = Buffer.alloc(1044);
    for (let i = 0; i < wavBytes.length; i += 1) wavBytes[i] = i % 251;
    const wavFile = path.join(tmp, `${TAKE_HASH}.wav`);
    await fs.writeFile(wavFile, wavBytes);

    host = createFakeStudioHost({
      openProject: async () => {
        const error = new Error('No Roundtable project in /x') as Error & { code: string; hint: string };
        error.code = 'project-not-found';
        error.hint = 'Choose the folder that contains project.json.';
        throw error;
      },
      getPeaks: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    host.takeFiles.set(TAKE_HASH, wavFile);
    server = await startServer({ host, rendererDir, validateOutputs: true });
    wsUrl = `ws://127.0.0.1:${server.port}/api`;
  });

  afterAll(async () => {
    for (const ws of openSockets) ws.terminate();
    await server.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  async function openApi(): Promise<{ ws: WebSocket; inbox: Inbox }> {
    const outcome = await connect(`${wsUrl}?token=${server.token}`, { origin: server.origin });
    if (outcome.kind !== 'open') throw new Error(`expected an open socket, got ${JSON.stringify(outcome)}`);
    openSockets.push(outcome.ws);
    return { ws: outcome.ws, inbox: new Inbox(outcome.ws) };
  }

  describe('address and token', () => {
    it('binds loopback and prints a URL with a 32-character base64url token', () => {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
      expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(server.port).toBeGreaterThan(0);
    });
  });

  describe('HTTP', () => {
    it('refuses the page without a token, or with a wrong one', async () => {
      const none = await request(server.port, '/');
      expect(none.status).toBe(401);
      expect(none.body.toString()).toContain('?token=');
      const wrong = await request(server.port, '/?token=not-the-token');
      expect(wrong.status).toBe(401);
      const wrongCookie = await request(server.port, '/', {
        headers: { cookie: `roundtable_token_${server.port}=nope` },
      });
      expect(wrongCookie.status).toBe(401);
    });

    it('serves index.html with the token, sets a port-scoped HttpOnly cookie and a strict CSP', async () => {
      const res = await request(server.port, `/?token=${server.token}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body.toString()).toContain('<div id="root">');
      const cookie = String(res.headers['set-cookie']);
      expect(cookie).toContain(`roundtable_token_${server.port}=${server.token}`);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('accepts the cookie instead of the query token and types assets', async () => {
      const headers = { cookie: `other=1; roundtable_token_${server.port}=${server.token}` };
      const js = await request(server.port, '/assets/app-1234.js', { headers });
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['set-cookie']).toBeUndefined();
      const css = await request(server.port, '/assets/style.css', { headers });
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      const missing = await request(server.port, '/assets/nope.js', { headers });
      expect(missing.status).toBe(404);
    });

    it('refuses a foreign Host header (DNS rebinding) and methods other than GET/HEAD', async () => {
      const rebound = await request(server.port, `/?token=${server.token}`, {
        headers: { host: `evil.example:${server.port}` },
      });
      expect(rebound.status).toBe(403);
      const localhost = await request(server.port, `/?token=${server.token}`, {
        headers: { host: `localhost:${server.port}` },
      });
      expect(localhost.status).toBe(200);
      const post = await request(server.port, `/?token=${server.token}`, { method: 'POST' });
      expect(post.status).toBe(405);
    });

    it.each([
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%5csecret.txt',
      '/link.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/assets',
      `/${encodeURIComponent(path.join(os.tmpdir(), 'x'))}`,
    ])('never serves a file outside the renderer folder: %s', async (attempt) => {
      const res = await request(
        server.port,
        `${attempt}${attempt.includes('?') ? '&' : '?'}token=${server.token}`,
      );
      expect(res.status).toBe(404);
      expect(res.body.toString()).not.toContain('outside the renderer');
    });
  });

  describe('take audio', () => {
    const take = (query = '') => `/take/${TAKE_HASH}?dir=${encodeURIComponent('/projects/demo')}${query}`;
    const auth = () => ({ cookie: `roundtable_token_${server.port}=${server.token}` });

    it('needs the token', async () => {
      const res = await request(server.port, take());
      expect(res.status).toBe(401);
    });

    it('serves the whole WAV as audio/wav and advertises ranges', async () => {
      const res = await request(server.port, take(), { headers: auth() });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('audio/wav');
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers['content-length']).toBe(String(wavBytes.length));
      expect(res.body.equals(wavBytes)).toBe(true);
      expect(host.calls.length).toBe(0);
    });

    it('answers byte ranges with 206 and the exact slice', async () => {
      const mid = await request(server.port, take(), { headers: { ...auth(), range: 'bytes=100-199' } });
      expect(mid.status).toBe(206);
      expect(mid.headers['content-range']).toBe(`bytes 100-199/${wavBytes.length}`);
      expect(mid.headers['content-length']).toBe('100');
      expect(mid.body.equals(wavBytes.subarray(100, 200))).toBe(true);

      const open = await request(server.port, take(), { headers: { ...auth(), range: 'bytes=1000-' } });
      expect(open.status).toBe(206);
      expect(open.body.equals(wavBytes.subarray(1000))).toBe(true);

      const suffix = await request(server.port, take(), { headers: { ...auth(), range: 'bytes=-10' } });
      expect(suffix.status).toBe(206);
      expect(suffix.body.equals(wavBytes.subarray(wavBytes.length - 10))).toBe(true);

      const beyond = await request(server.port, take(), { headers: { ...auth(), range: 'bytes=5000-6000' } });
      expect(beyond.status).toBe(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${wavBytes.length}`);

      const head = await request(server.port, take(), {
        headers: { ...auth(), range: 'bytes=0-1' },
        method: 'HEAD',
      });
      expect(head.status).toBe(206);
      expect(head.headers['content-length']).toBe('2');
      expect(head.body.length).toBe(0);
    });

    it('answers 404 for an unknown take and 400 without a project folder', async () => {
      const unknown = await request(server.port, `/take/ffffffffffffffff?dir=%2Fp`, { headers: auth() });
      expect(unknown.status).toBe(404);
      const noDir = await request(server.port, `/take/${TAKE_HASH}`, { headers: auth() });
      expect(noDir.status).toBe(400);
      const nested = await request(server.port, `/take/a%2F..%2Fb?dir=%2Fp`, { headers: auth() });
      expect(nested.status).toBe(400);
    });
  });

  describe('WebSocket /api', () => {
    it('closes with 4401 without a token or with a wrong one', async () => {
      const none = await connect(wsUrl, { origin: server.origin });
      expect(none).toEqual({ kind: 'closed', code: 4401 });
      const wrong = await connect(`${wsUrl}?token=wrong`, { origin: server.origin });
      expect(wrong).toEqual({ kind: 'closed', code: 4401 });
    });

    it('refuses a foreign or missing Origin with 403, even with the token', async () => {
      const foreign = await connect(`${wsUrl}?token=${server.token}`, { origin: 'http://evil.example' });
      expect(foreign).toEqual({ kind: 'http', status: 403 });
      const otherPort = await connect(`${wsUrl}?token=${server.token}`, {
        origin: `http://127.0.0.1:${server.port + 1}`,
      });
      expect(otherPort).toEqual({ kind: 'http', status: 403 });
      const missing = await connect(`${wsUrl}?token=${server.token}`);
      expect(missing).toEqual({ kind: 'http', status: 403 });
      const wrongPath = await connect(`ws://127.0.0.1:${server.port}/other?token=${server.token}`, {
        origin: server.origin,
      });
      expect(wrongPath).toEqual({ kind: 'http', status: 404 });
    });

    it('accepts the cookie in place of the query token', async () => {
      const outcome = await connect(wsUrl, {
        origin: `http://localhost:${server.port}`,
        cookie: `roundtable_token_${server.port}=${server.token}`,
      });
      expect(outcome.kind).toBe('open');
      if (outcome.kind === 'open') outcome.ws.close();
    });

    it('round-trips a call', async () => {
      const { ws, inbox } = await openApi();
      ws.send(JSON.stringify({ id: 1, method: 'getAppInfo', input: {} }));
      expect(await inbox.reply(1)).toEqual({
        id: 1,
        ok: true,
        output: { version: '0.0.0-test', dataDir: '/tmp/roundtable-fake', mode: 'serve' },
      });
      ws.send(JSON.stringify({ id: 'b', method: 'getTakeUrl', input: { dir: '/p q', hash: TAKE_HASH } }));
      expect(await inbox.reply('b')).toEqual({
        id: 'b',
        ok: true,
        output: { url: `/take/${TAKE_HASH}?dir=%2Fp%20q` },
      });
      ws.close();
    });

    it('rejects invalid input with bad-request and the zod message, without calling the handler', async () => {
      const { ws, inbox } = await openApi();
      const before = host.calls.length;
      ws.send(JSON.stringify({ id: 2, method: 'openProject', input: { dir: 42 } }));
      const reply = await inbox.reply(2);
      expect(reply.ok).toBe(false);
      const error = reply.error as { code: string; message: string };
      expect(error.code).toBe('bad-request');
      expect(error.message).toContain('dir');
      expect(error.message).toMatch(/expected string/i);
      ws.send(JSON.stringify({ id: 3, method: 'getAppInfo', input: { extra: true } }));
      expect(((await inbox.reply(3)).error as { code: string }).code).toBe('bad-request');
      expect(host.calls.length).toBe(before);
      ws.close();
    });

    it('answers unknown methods and malformed frames', async () => {
      const { ws, inbox } = await openApi();
      ws.send(JSON.stringify({ id: 4, method: 'deleteEverything', input: {} }));
      expect(((await inbox.reply(4)).error as { code: string }).code).toBe('unknown-method');
      ws.send(JSON.stringify({ id: 5, method: 'constructor', input: {} }));
      expect(((await inbox.reply(5)).error as { code: string }).code).toBe('unknown-method');
      ws.send(JSON.stringify({ id: 6, method: '__proto__', input: {} }));
      expect(((await inbox.reply(6)).error as { code: string }).code).toBe('unknown-method');
      ws.send('not json');
      const garbage = await inbox.take((m) => m.id === null);
      expect((garbage.error as { code: string }).code).toBe('bad-request');
      ws.close();
    });

    it('passes typed handler errors through and never sends a stack', async () => {
      const { ws, inbox } = await openApi();
      ws.send(JSON.stringify({ id: 7, method: 'openProject', input: { dir: '/x' } }));
      expect(await inbox.reply(7)).toEqual({
        id: 7,
        ok: false,
        error: {
          code: 'project-not-found',
          message: 'No Roundtable project in /x',
          hint: 'Choose the folder that contains project.json.',
        },
      });
      ws.send(JSON.stringify({ id: 8, method: 'getPeaks', input: { dir: '/x', hash: TAKE_HASH } }));
      const internal = await inbox.reply(8);
      const error = internal.error as { code: string; message: string; hint: string };
      expect(error.code).toBe('internal');
      expect(error.message).toContain('cannot read properties of undefined');
      expect(JSON.stringify(internal)).not.toMatch(/at .*\.ts:\d+/);
      ws.close();
    });

    it('forwards host events and releases the subscriptions when the socket closes', async () => {
      // Sockets of earlier tests finish closing first.
      await expect.poll(() => host.listenerCount()).toBe(0);
      const { ws, inbox } = await openApi();
      expect(host.listenerCount()).toBe(eventNames.length);
      const payload = {
        atMs: 1,
        action: 'pause-queue' as const,
        reason: 'GPU memory is low',
      };
      host.emit('onWatchdogAction', payload);
      expect(await inbox.take((m) => m.event === 'onWatchdogAction')).toEqual({
        event: 'onWatchdogAction',
        payload,
      });
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      ws.close();
      await closed;
      await expect.poll(() => host.listenerCount()).toBe(0);
    });
  });
});

describe('startServer close()', () => {
  it('answers 431 to request headers over 16 KiB instead of resetting the connection', async () => {
    const running = await startServer({ host: createFakeStudioHost(), rendererDir: os.tmpdir() });
    try {
      const response = await request(running.port, '/', { headers: { 'x-big': 'a'.repeat(20_000) } });
      expect(response.status).toBe(431);
      expect(response.body.toString()).toBe('Request header fields too large (16 KiB at most).\n');
    } finally {
      await running.close();
    }
  });

  it('logs a refused WebSocket Host as the Host, and a refused Origin as the Origin', async () => {
    const lines: string[] = [];
    const log = { debug() {}, info() {}, warn: (line: string) => lines.push(line), error() {} };
    const running = await startServer({ host: createFakeStudioHost(), rendererDir: os.tmpdir(), log });
    try {
      const url = `ws://127.0.0.1:${running.port}/api?token=${running.token}`;
      const badHost = await connect(url, { origin: running.origin, host: 'evil.example' });
      expect(badHost).toEqual({ kind: 'http', status: 403 });
      const badOrigin = await connect(url, { origin: 'http://evil.example' });
      expect(badOrigin).toEqual({ kind: 'http', status: 403 });
      expect(lines).toEqual([
        'refused a WebSocket for host evil.example (this server answers only to loopback)',
        'refused a WebSocket from origin http://evil.example',
      ]);
    } finally {
      await running.close();
    }
  });

  it('closes open sockets with 1001 and stops listening', async () => {
    const host = createFakeStudioHost();
    const rendererDir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-serve-close-'));
    try {
      const server = await startServer({ host, rendererDir, token: 'fixed-token-for-the-close-test' });
      const outcome = await connect(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, {
        origin: server.origin,
      });
      if (outcome.kind !== 'open') throw new Error('expected an open socket');
      const closed = new Promise<number>((resolve) => outcome.ws.once('close', (code) => resolve(code)));
      await server.close();
      expect(await closed).toBe(1001);
      expect(host.listenerCount()).toBe(0);
      await expect(request(server.port, '/')).rejects.toThrow(/ECONNREFUSED/);
      const noIndex = server.token;
      expect(noIndex).toBe('fixed-token-for-the-close-test');
    } finally {
      await fs.rm(rendererDir, { recursive: true, force: true });
    }
  });

  it('says the renderer is not built when index.html is missing', async () => {
    const host = createFakeStudioHost();
    const rendererDir = path.join(os.tmpdir(), `roundtable-missing-${process.pid}`);
    const server = await startServer({ host, rendererDir });
    try {
      const res = await request(server.port, `/?token=${server.token}`);
      expect(res.status).toBe(503);
      expect(res.body.toString()).toContain('npm run build:renderer');
    } finally {
      await server.close();
    }
  });
});
