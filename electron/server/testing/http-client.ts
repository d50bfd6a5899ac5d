/** Test clients for the serve-mode server: a raw HTTP request, a WebSocket connect that reports refusals. */
import http from 'node:http';
import { WebSocket } from 'ws';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function request(
  port: number,
  pathAndQuery: string,
  options: { headers?: Record<string, string>; method?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: pathAndQuery,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export type WsOutcome =
  { kind: 'open'; ws: WebSocket } | { kind: 'http'; status: number } | { kind: 'closed'; code: number };

/** Connects and reports what happened: open, an HTTP refusal, or a close right after the handshake. */
export function connect(url: string, headers: Record<string, string> = {}): Promise<WsOutcome> {
  const { origin, ...rest } = headers;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin, headers: rest });
    let settled = false;
    ws.on('unexpected-response', (_req, res) => {
      settled = true;
      resolve({ kind: 'http', status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.on('close', (code) => {
      if (!settled) {
        settled = true;
        resolve({ kind: 'closed', code });
      }
    });
    ws.on('open', () => {
      // A refused token closes immediately after the handshake; give the close frame its turn.
      ws.once('message', () => {});
      setImmediate(() => {
        if (!settled && ws.readyState === ws.OPEN) {
          settled = true;
          resolve({ kind: 'open', ws });
        }
      });
    });
    ws.on('error', (error) => {
      if (!settled) reject(error);
    });
  });
}

/** WebSocket messages as they arrive, taken by what they match (replies by call id). */
export class Inbox {
  private readonly messages: unknown[] = [];
  private waiters: Array<() => void> = [];
  constructor(ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
  async take(predicate: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    for (;;) {
      const index = this.messages.findIndex((m) => predicate(m as Record<string, unknown>));
      if (index >= 0) return this.messages.splice(index, 1)[0] as Record<string, unknown>;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
  reply(id: number | string) {
    return this.take((m) => m.id === id);
  }
}
