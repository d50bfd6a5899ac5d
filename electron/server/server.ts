/**
 * Serve mode: the built renderer, take audio and one WebSocket (`/api`) carrying StudioApi, on 127.0.0.1
 * only. Every request needs the random token (`?token=` once, then the port-scoped HttpOnly cookie set on
 * that response); the WebSocket upgrade also needs this server's own Origin.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { DisposableStore } from '../../shared/lifecycle/disposable';
import type { StudioHost } from '../host/studio-host-types';
import type { Logger } from '../host/util/logger';
import { silentLogger } from '../host/util/logger';
import { waitAtMost } from '../host/util/disposables';
import { attachApiConnection } from './api-connection';
import {
  createToken,
  isAllowedHostHeader,
  isAllowedOrigin,
  readCookie,
  tokenCookie,
  tokenCookieName,
  tokenMatches,
} from './auth';
import { createCallDispatcher } from '../transport/call-dispatch';
import { contentTypeFor, WAV_CONTENT_TYPE } from '../transport/content-types';
import { securityHeaders } from '../transport/csp';
import { sendFile } from './send-file';
import { resolveStaticFile } from '../transport/static-path';
import { BED_PATH_PREFIX, CLIP_PATH_PREFIX, EXPORT_FILE_PATH_PREFIX } from '../../shared/api/take-url';
import { CLOSE_GOING_AWAY, CLOSE_UNAUTHORIZED } from '../../shared/api/wire';

export const API_PATH = '/api';
export const TAKE_PATH_PREFIX = '/take/';
export const LOOPBACK_ADDRESS = '127.0.0.1';

export interface StartServerOptions {
  host: StudioHost;
  /** Folder of the built renderer (dist/renderer): index.html and assets/. */
  rendererDir: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** Fixed token (tests); absent: 24 random bytes, base64url. */
  token?: string;
  log?: Logger;
  /** Check handler outputs against the contract (default: NODE_ENV !== 'production'). */
  validateOutputs?: boolean;
  /** A client's unsent bytes above which intermediate progress events are dropped for it (1 MiB). */
  dropEventsAboveBytes?: number;
  /** A client's unsent bytes above which it is disconnected as stuck (64 MiB). */
  closeAboveBytes?: number;
  /** Largest message a client may send (64 MiB: a long project travels in one saveProject call). */
  maxMessageBytes?: number;
}

export interface RunningServer {
  /** The address to open, with the token: `http://127.0.0.1:<port>/?token=<token>`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Closes every WebSocket (1001) and the HTTP server. Does not dispose the host. */
  close(): Promise<void>;
}

const MIB = 1024 * 1024;
const CLOSE_GRACE_MS = 1000;

function plain(
  res: http.ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(`${text}\n`);
}

/** Node's HTTP parser errors a client can be told about, as the status that says why. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_INVALID_METHOD: 400,
  HPE_INVALID_URL: 400,
  HPE_INVALID_HEADER_TOKEN: 400,
  HPE_INVALID_VERSION: 400,
  HPE_INVALID_CONSTANT: 400,
  HPE_UNEXPECTED_CONTENT_LENGTH: 400,
  HPE_INVALID_CONTENT_LENGTH: 400,
  HPE_INVALID_TRANSFER_ENCODING: 400,
  HPE_INVALID_CHUNK_SIZE: 400,
};
const CLIENT_ERROR_REASON: Record<number, string> = {
  431: 'Request header fields too large (16 KiB at most).',
};

/** A plain-text answer written straight to the socket, which is then closed. */
function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.on('error', () => {});
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host: LOOPBACK_ADDRESS }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Waits for sockets to finish their closing handshake, then cuts the ones that did not. */
async function closeSockets(sockets: Set<WebSocket>): Promise<void> {
  const pending = [...sockets].filter((s) => s.readyState !== s.CLOSED);
  if (pending.length === 0) return;
  const closed = Promise.all(
    pending.map((s) => new Promise<void>((resolve) => s.once('close', () => resolve()))),
  );
  for (const socket of pending) socket.close(CLOSE_GOING_AWAY, 'server shutting down');
  await waitAtMost(closed, CLOSE_GRACE_MS);
  for (const socket of pending) if (socket.readyState !== socket.CLOSED) socket.terminate();
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { host, rendererDir } = options;
  const log = options.log ?? silentLogger;
  const token = options.token ?? createToken();
  const dispatch = createCallDispatcher(host, { log, validateOutputs: options.validateOutputs });
  /** Each client's API connection, until its socket closes (or the server does). */
  const connections = new DisposableStore();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: options.maxMessageBytes ?? 64 * MIB,
  });
  let port = 0;
  let origin = '';

  const authorizedBy = (req: http.IncomingMessage, url: URL): 'query' | 'cookie' | null => {
    if (tokenMatches(token, url.searchParams.get('token'))) return 'query';
    if (tokenMatches(token, readCookie(req.headers.cookie, tokenCookieName(port)))) return 'cookie';
    return null;
  };

  const serveTake = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    headers: Record<string, string>,
  ): Promise<void> => {
    let hash: string;
    try {
      hash = decodeURIComponent(url.pathname.slice(TAKE_PATH_PREFIX.length));
    } catch {
      plain(res, 400, 'Bad take address.', headers);
      return;
    }
    const dir = url.searchParams.get('dir');
    if (!dir || hash === '' || hash.includes('/')) {
      plain(res, 400, 'A take address is /take/<hash>?dir=<project folder>.', headers);
      return;
    }
    let file: string;
    try {
      file = await host.resolveTakeFile(dir, hash);
    } catch (error) {
      log.debug(`take ${hash} not found: ${error instanceof Error ? error.message : String(error)}`);
      plain(res, 404, 'Take not found: render the turn again.', headers);
      return;
    }
    await sendFile(req, res, file, {
      contentType: WAV_CONTENT_TYPE,
      cacheControl: 'no-cache',
      acceptRanges: true,
      headers,
    });
  };

  const serveExportFile = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    headers: Record<string, string>,
  ): Promise<void> => {
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(EXPORT_FILE_PATH_PREFIX.length));
    } catch {
      plain(res, 400, 'Bad export address.', headers);
      return;
    }
    const dir = url.searchParams.get('dir');
    let file: string;
    try {
      if (!dir) throw new Error('no project folder');
      file = await host.resolveExportFile(dir, name);
    } catch (error) {
      log.debug(`export file ${name} not found: ${error instanceof Error ? error.message : String(error)}`);
      plain(res, 404, 'Exported file not found: export again.', headers);
      return;
    }
    await sendFile(req, res, file, {
      contentType: contentTypeFor(file),
      cacheControl: 'no-cache',
      acceptRanges: true,
      headers,
    });
  };

  /** A stored clip or bed (`/clip/<sha256>`, `/bed/<hash>`, each with `?dir=`), as WAV with ranges. */
  const serveStored = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    headers: Record<string, string>,
    kind: 'clip' | 'bed',
  ): Promise<void> => {
    let file: string;
    try {
      const prefix = kind === 'clip' ? CLIP_PATH_PREFIX : BED_PATH_PREFIX;
      const hash = decodeURIComponent(url.pathname.slice(prefix.length));
      const dir = url.searchParams.get('dir');
      if (!dir) throw new Error('no project folder');
      file = kind === 'clip' ? await host.resolveClipFile(dir, hash) : await host.resolveBedFile(dir, hash);
    } catch (error) {
      log.debug(`${kind} not found: ${error instanceof Error ? error.message : String(error)}`);
      plain(res, 404, `${kind === 'clip' ? 'Clip' : 'Bed'} not found: import it again.`, headers);
      return;
    }
    await sendFile(req, res, file, {
      contentType: WAV_CONTENT_TYPE,
      cacheControl: 'no-cache',
      acceptRanges: true,
      headers,
    });
  };

  const serveStatic = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    headers: Record<string, string>,
  ): Promise<void> => {
    const file = await resolveStaticFile(rendererDir, url.pathname);
    if (file === null) {
      if (url.pathname === '/' || url.pathname === '/index.html') {
        plain(
          res,
          503,
          `The renderer is not built (${rendererDir} has no index.html): run npm run build:renderer.`,
          headers,
        );
      } else {
        plain(res, 404, 'Not found.', headers);
      }
      return;
    }
    const immutable = url.pathname.startsWith('/assets/');
    await sendFile(req, res, file, {
      contentType: contentTypeFor(file),
      cacheControl: immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
      acceptRanges: false,
      headers,
    });
  };

  const handleRequest = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const headers = securityHeaders(port);
    if (!isAllowedHostHeader(req.headers.host, port)) {
      plain(res, 403, 'Forbidden: this server answers only to 127.0.0.1 and localhost.', headers);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'Method not allowed.', { ...headers, Allow: 'GET, HEAD' });
      return;
    }
    const url = new URL(req.url ?? '/', origin);
    const auth = authorizedBy(req, url);
    if (auth === null) {
      plain(
        res,
        401,
        'Unauthorized: open the address printed by `roundtable serve`, including its ?token=... part.',
        headers,
      );
      return;
    }
    if (auth === 'query') headers['Set-Cookie'] = tokenCookie(port, token);
    if (url.pathname === API_PATH) {
      plain(res, 426, 'The API is a WebSocket.', { ...headers, Upgrade: 'websocket' });
    } else if (url.pathname.startsWith(TAKE_PATH_PREFIX)) {
      await serveTake(req, res, url, headers);
    } else if (url.pathname.startsWith(EXPORT_FILE_PATH_PREFIX)) {
      await serveExportFile(req, res, url, headers);
    } else if (url.pathname.startsWith(CLIP_PATH_PREFIX)) {
      await serveStored(req, res, url, headers, 'clip');
    } else if (url.pathname.startsWith(BED_PATH_PREFIX)) {
      await serveStored(req, res, url, headers, 'bed');
    } else {
      await serveStatic(req, res, url, headers);
    }
  };

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (code !== 'ERR_STREAM_PREMATURE_CLOSE') {
        log.error(`${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      plain(res, 500, 'Internal error; the serve log has the details.', securityHeaders(port));
    });
  });
  // Requests Node's parser refuses get the status that says why (headers over its 16 KiB limit: 431)
  // instead of a reset connection; a socket that already broke is just closed.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const status = CLIENT_ERROR_STATUS[error.code ?? ''];
    if (status === undefined || !socket.writable) {
      socket.destroy();
      return;
    }
    rejectUpgrade(socket, status, CLIENT_ERROR_REASON[status] ?? 'Bad request.');
  });

  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== API_PATH) {
      rejectUpgrade(socket, 404, 'Not found.');
      return;
    }
    if (!isAllowedHostHeader(req.headers.host, port)) {
      log.warn(
        `refused a WebSocket for host ${String(req.headers.host)} (this server answers only to loopback)`,
      );
      rejectUpgrade(socket, 403, 'Forbidden: this server answers only to 127.0.0.1 and localhost.');
      return;
    }
    if (!isAllowedOrigin(req.headers.origin, port)) {
      log.warn(`refused a WebSocket from origin ${String(req.headers.origin)}`);
      rejectUpgrade(socket, 403, 'Forbidden: WebSocket from a foreign origin.');
      return;
    }
    const authorized = authorizedBy(req, url) !== null;
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!authorized) {
        ws.close(CLOSE_UNAUTHORIZED, 'unauthorized: token missing or wrong');
        return;
      }
      const connection = attachApiConnection(ws, {
        host,
        dispatch,
        log,
        dropEventsAboveBytes: options.dropEventsAboveBytes ?? MIB,
        closeAboveBytes: options.closeAboveBytes ?? 64 * MIB,
      });
      connections.add(connection);
      ws.once('close', () => connections.delete(connection));
    });
  });

  port = await listen(server, options.port ?? 0);
  origin = `http://${LOOPBACK_ADDRESS}:${port}`;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await closeSockets(wss.clients);
      connections.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closing;
  };

  return { url: `${origin}/?token=${token}`, origin, port, token, close };
}
