import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { StudioApiError } from './studio-api-error';
import type { WebSocketLike } from './ws-client';
import { createWsStudioClient, withToken } from './ws-client';

/** A socket the test drives by hand. */
class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: Array<{ id: number; method: string; input: unknown }> = [];
  closed: { code?: number; reason?: string } | undefined;
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }
  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

function setup(random = () => 1) {
  const sockets: FakeSocket[] = [];
  const listenerErrors: unknown[] = [];
  const client = createWsStudioClient({
    url: 'ws://127.0.0.1:9/api',
    token: 'tok en',
    random,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    onListenerError: (error) => listenerErrors.push(error),
  });
  const last = () => sockets[sockets.length - 1]!;
  return { client, sockets, last, listenerErrors };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createWsStudioClient', () => {
  it('puts the token in the socket address', () => {
    const { last } = setup();
    expect(last().url).toBe('ws://127.0.0.1:9/api?token=tok%20en');
    expect(withToken('ws://h/api', null)).toBe('ws://h/api');
  });

  it('queues calls made while connecting and resolves them from the reply', async () => {
    const { client, last } = setup();
    expect(client.state).toBe('connecting');
    const info = client.api.getAppInfo({});
    const voices = client.api.listVoices({ engine: 'espeak' });
    expect(last().sent).toEqual([]);
    last().open();
    expect(client.state).toBe('open');
    expect(last().sent).toEqual([
      { id: 1, method: 'getAppInfo', input: {} },
      { id: 2, method: 'listVoices', input: { engine: 'espeak' } },
    ]);
    last().receive({ id: 2, ok: true, output: [] });
    last().receive({ id: 1, ok: true, output: { version: '1', dataDir: '/d', mode: 'serve' } });
    await expect(info).resolves.toEqual({ version: '1', dataDir: '/d', mode: 'serve' });
    await expect(voices).resolves.toEqual([]);
  });

  it('rejects with a StudioApiError carrying the host error', async () => {
    const { client, last } = setup();
    last().open();
    const opening = client.api.openProject({ dir: '/x' });
    last().receive({
      id: 1,
      ok: false,
      error: { code: 'project-not-found', message: 'No project in /x', hint: 'Choose another folder.' },
    });
    const error = await opening.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StudioApiError);
    expect(error).toMatchObject({
      code: 'project-not-found',
      message: 'No project in /x',
      hint: 'Choose another folder.',
      method: 'openProject',
      isTransportError: false,
    });
  });

  it('delivers events to each listener until it unsubscribes; a throwing listener does not stop the others', () => {
    const { client, last, listenerErrors } = setup();
    last().open();
    const seen: unknown[] = [];
    const unsubscribe = client.api.onWatchdogAction((payload) => seen.push(payload));
    client.api.onWatchdogAction(() => {
      throw new Error('listener bug');
    });
    const payload = { atMs: 1, action: 'pause-queue', reason: 'low memory' };
    last().receive({ event: 'onWatchdogAction', payload });
    last().receive({ event: 'onResources', payload: {} });
    unsubscribe();
    last().receive({ event: 'onWatchdogAction', payload });
    expect(seen).toEqual([payload]);
    expect(listenerErrors).toHaveLength(2);
  });

  it('rejects calls in flight on a drop and reconnects with growing backoff', async () => {
    vi.useFakeTimers();
    const { client, sockets, last } = setup(() => 1);
    const states: string[] = [];
    client.onStateChange((s) => states.push(s));
    last().open();
    const inFlight = client.api.getAppInfo({});
    last().drop();
    const error = await inFlight.catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'disconnected', method: 'getAppInfo', isTransportError: true });
    expect(client.state).toBe('reconnecting');
    await expect(client.api.getAppInfo({})).rejects.toMatchObject({ code: 'disconnected' });

    vi.advanceTimersByTime(249);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    last().drop();
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().open();
    expect(client.state).toBe('open');
    // A successful open resets the backoff.
    last().drop();
    vi.advanceTimersByTime(250);
    expect(sockets).toHaveLength(4);
    expect(states).toEqual([
      'open',
      'reconnecting',
      'connecting',
      'reconnecting',
      'connecting',
      'open',
      'reconnecting',
      'connecting',
    ]);
    client.close();
  });

  it('caps the backoff and applies jitter', () => {
    vi.useFakeTimers();
    const { sockets, last } = setup(() => 0);
    for (let i = 0; i < 10; i += 1) {
      last().drop();
      vi.advanceTimersByTime(10_000);
    }
    expect(sockets).toHaveLength(11);
    last().drop();
    vi.advanceTimersByTime(4_999);
    expect(sockets).toHaveLength(11);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(12);
  });

  it('stops for good on 4401 (token refused)', async () => {
    vi.useFakeTimers();
    const { client, sockets, last } = setup();
    const call = client.api.getAppInfo({});
    last().drop(4401);
    await expect(call).rejects.toMatchObject({ code: 'unauthorized' });
    expect(client.state).toBe('unauthorized');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    await expect(client.api.getAppInfo({})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('close() rejects pending calls, closes the socket and does not reconnect', async () => {
    vi.useFakeTimers();
    const { client, sockets, last } = setup();
    last().open();
    const call = client.api.listEngines({});
    client.close();
    await expect(call).rejects.toMatchObject({ code: 'closed' });
    expect(last().closed).toEqual({ code: 1000, reason: 'page closed' });
    last().drop(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.state).toBe('closed');
  });

  it('works over a real WebSocket', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const port = (server.address() as { port: number }).port;
    const seenUrls: string[] = [];
    server.on('connection', (socket, req) => {
      seenUrls.push(req.url ?? '');
      socket.on('message', (data) => {
        const { id, method, input } = JSON.parse(String(data)) as {
          id: number;
          method: string;
          input: unknown;
        };
        socket.send(
          JSON.stringify({
            event: 'onWatchdogAction',
            payload: { atMs: 5, action: 'gave-up', reason: method },
          }),
        );
        socket.send(JSON.stringify({ id, ok: true, output: { echo: input } }));
      });
    });
    const client = createWsStudioClient({
      url: `ws://127.0.0.1:${port}/api`,
      token: 'abc',
      createSocket: (url) => new NodeWebSocket(url) as unknown as WebSocketLike,
    });
    try {
      const events: unknown[] = [];
      client.api.onWatchdogAction((p) => events.push(p));
      const output = await client.api.listVoices({ engine: 'espeak' });
      expect(output).toEqual({ echo: { engine: 'espeak' } });
      expect(events).toEqual([{ atMs: 5, action: 'gave-up', reason: 'listVoices' }]);
      expect(seenUrls).toEqual(['/api?token=abc']);
    } finally {
      client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
