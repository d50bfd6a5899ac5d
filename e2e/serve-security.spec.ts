/**
 * Serve mode's access rules, end to end: the real `roundtable serve` process, Debian's Chromium and the
 * `ws` client from Node (for headers a browser will not let a page set).
 */
import { WebSocket } from 'ws';
import { expect, test } from './support/serve-fixture';

type WsOutcome = { kind: 'open' } | { kind: 'http'; status: number } | { kind: 'closed'; code: number };

function tryConnect(url: string, origin?: string): Promise<WsOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    let opened = false;
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ kind: 'http', status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('open', () => {
      opened = true;
    });
    ws.on('close', (code) => resolve(opened && code === 1005 ? { kind: 'open' } : { kind: 'closed', code }));
    ws.on('message', () => {});
    ws.on('error', (error) => {
      if (!opened) reject(error);
    });
    // An accepted socket stays open; close it ourselves after a moment so the outcome settles.
    ws.on('open', () => setTimeout(() => ws.close(), 500));
  });
}

test.describe('serve mode security', () => {
  test('the page needs the token', async ({ page, serve }) => {
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    const none = await page.goto(`${serve.origin}/`);
    expect(none?.status()).toBe(401);
    await expect(page.locator('body')).toContainText('?token=');
    const wrong = await page.goto(`${serve.origin}/?token=wrong-token`);
    expect(wrong?.status()).toBe(401);
    const right = await page.goto(serve.url);
    expect(right?.status()).toBe(serve.rendererBuilt ? 200 : 503);
    const csp = right?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    // The cookie set by that load authorises the next one without the token.
    const again = await page.goto(`${serve.origin}/`);
    expect(again?.status()).toBe(serve.rendererBuilt ? 200 : 503);
    if (serve.rendererBuilt) {
      await expect(page.locator('#root')).not.toBeEmpty();
      expect(cspViolations).toEqual([]);
    }
  });

  test('the WebSocket refuses a missing or wrong token and a foreign origin', async ({ serve }) => {
    expect(await tryConnect(serve.wsUrl, serve.origin)).toEqual({ kind: 'closed', code: 4401 });
    expect(await tryConnect(`${serve.wsUrl}?token=nope`, serve.origin)).toEqual({
      kind: 'closed',
      code: 4401,
    });
    expect(await tryConnect(`${serve.wsUrl}?token=${serve.token}`, 'http://evil.example')).toEqual({
      kind: 'http',
      status: 403,
    });
    expect(await tryConnect(`${serve.wsUrl}?token=${serve.token}`)).toEqual({ kind: 'http', status: 403 });
    expect(await tryConnect(`${serve.wsUrl}?token=${serve.token}`, serve.origin)).toEqual({ kind: 'open' });
  });

  test('a page on another origin cannot open the API even with the token', async ({ page, serve }) => {
    await page.setContent('<p>elsewhere</p>');
    const code = await page.evaluate(
      (url) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(url);
          ws.onclose = (event) => resolve(event.code);
        }),
      `${serve.wsUrl}?token=${serve.token}`,
    );
    expect(code).toBe(1006);
  });

  test('a page of the server without the token cookie gets 4401', async ({ browser, serve }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${serve.origin}/`);
    const code = await page.evaluate(
      (url) =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(url);
          ws.onclose = (event) => resolve(event.code);
        }),
      serve.wsUrl,
    );
    expect(code).toBe(4401);
    await context.close();
  });

  test('with the token, a real call works from the page', async ({ page, serve }) => {
    await page.goto(serve.url);
    const reply = await page.evaluate(
      (url) =>
        new Promise<unknown>((resolve, reject) => {
          const ws = new WebSocket(url);
          ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'getAppInfo', input: {} }));
          ws.onmessage = (event) => {
            const message = JSON.parse(String(event.data)) as { id?: number };
            if (message.id === 1) {
              resolve(message);
              ws.close();
            }
          };
          ws.onclose = (event) => reject(new Error(`closed ${event.code}`));
        }),
      `${serve.wsUrl}?token=${serve.token}`,
    );
    expect(reply).toMatchObject({ id: 1, ok: true, output: { mode: 'serve', dataDir: serve.dataDir } });
  });
});
