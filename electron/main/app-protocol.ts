/**
 * The `app://roundtable/` protocol handler: the built renderer (with the desktop CSP) and take audio at
 * `app://roundtable/take/<hash>?dir=<project folder>` with byte ranges, so `<audio>` can seek. Written
 * against the Fetch API's Request/Response (what `protocol.handle` uses), so it is tested in plain Node.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { StudioHost } from '../host/studio-host-types';
import type { Logger } from '../host/util/logger';
import { contentRange, decideRange } from '../transport/byte-range';
import { contentTypeFor, WAV_CONTENT_TYPE } from '../transport/content-types';
import { resolveStaticFile } from '../transport/static-path';
import { BED_PATH_PREFIX, CLIP_PATH_PREFIX, EXPORT_FILE_PATH_PREFIX } from '../../shared/api/take-url';
import { APP_HOST, DESKTOP_CSP } from './security';

export const TAKE_PATH_PREFIX = '/take/';

export interface AppProtocolOptions {
  rendererDir: string;
  host: StudioHost;
  log: Logger;
}

const BASE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': DESKTOP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function text(status: number, body: string): Response {
  return new Response(`${body}\n`, {
    status,
    headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

async function fileResponse(
  request: Request,
  file: string,
  contentType: string,
  acceptRanges: boolean,
): Promise<Response> {
  const { size } = await fs.promises.stat(file);
  const decision = acceptRanges
    ? decideRange(request.headers.get('range'), size)
    : ({ kind: 'full' } as const);
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': contentType,
    'Cache-Control': 'no-cache',
  };
  if (acceptRanges) headers['Accept-Ranges'] = 'bytes';
  const range = contentRange(decision, size);
  if (range !== undefined) headers['Content-Range'] = range;
  if (decision.kind === 'unsatisfiable') return new Response(null, { status: 416, headers });
  const start = decision.kind === 'partial' ? decision.start : 0;
  const endInclusive = decision.kind === 'partial' ? decision.endInclusive : size - 1;
  const length = size === 0 ? 0 : endInclusive - start + 1;
  headers['Content-Length'] = String(length);
  const status = decision.kind === 'partial' ? 206 : 200;
  if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(
    fs.createReadStream(file, { start, end: endInclusive }),
  ) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, headers });
}

export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const { rendererDir, host, log } = options;

  const take = async (request: Request, url: URL): Promise<Response> => {
    let hash: string;
    try {
      hash = decodeURIComponent(url.pathname.slice(TAKE_PATH_PREFIX.length));
    } catch {
      return text(400, 'Bad take address.');
    }
    const dir = url.searchParams.get('dir');
    if (!dir || hash === '' || hash.includes('/'))
      return text(400, 'A take address is /take/<hash>?dir=<folder>.');
    let file: string;
    try {
      file = await host.resolveTakeFile(dir, hash);
    } catch (error) {
      log.debug(`app://: take ${hash} not found: ${error instanceof Error ? error.message : String(error)}`);
      return text(404, 'Take not found: render the turn again.');
    }
    return fileResponse(request, file, WAV_CONTENT_TYPE, true);
  };

  const exportFile = async (request: Request, url: URL): Promise<Response> => {
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(EXPORT_FILE_PATH_PREFIX.length));
    } catch {
      return text(400, 'Bad export address.');
    }
    const dir = url.searchParams.get('dir');
    let file: string;
    try {
      if (!dir) throw new Error('no project folder');
      file = await host.resolveExportFile(dir, name);
    } catch (error) {
      log.debug(
        `app://: export ${name} not found: ${error instanceof Error ? error.message : String(error)}`,
      );
      return text(404, 'Exported file not found: export again.');
    }
    return fileResponse(request, file, contentTypeFor(file), true);
  };

  /** A stored clip or bed (`/clip/<sha256>`, `/bed/<hash>`, each with `?dir=`). */
  const stored = async (request: Request, url: URL, kind: 'clip' | 'bed'): Promise<Response> => {
    let file: string;
    try {
      const dir = url.searchParams.get('dir');
      if (!dir) throw new Error('no project folder');
      const prefix = kind === 'clip' ? CLIP_PATH_PREFIX : BED_PATH_PREFIX;
      const hash = decodeURIComponent(url.pathname.slice(prefix.length));
      file = kind === 'clip' ? await host.resolveClipFile(dir, hash) : await host.resolveBedFile(dir, hash);
    } catch (error) {
      log.debug(`app://: ${kind} not found: ${error instanceof Error ? error.message : String(error)}`);
      return text(404, `${kind === 'clip' ? 'Clip' : 'Bed'} not found: import it again.`);
    }
    return fileResponse(request, file, WAV_CONTENT_TYPE, true);
  };

  return async (request) => {
    try {
      const url = new URL(request.url);
      if (url.hostname !== APP_HOST || url.port !== '') return text(404, 'Not found.');
      if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Method not allowed.');
      if (url.pathname.startsWith(TAKE_PATH_PREFIX)) return await take(request, url);
      if (url.pathname.startsWith(EXPORT_FILE_PATH_PREFIX)) return await exportFile(request, url);
      if (url.pathname.startsWith(CLIP_PATH_PREFIX)) return await stored(request, url, 'clip');
      if (url.pathname.startsWith(BED_PATH_PREFIX)) return await stored(request, url, 'bed');
      const file = await resolveStaticFile(rendererDir, url.pathname);
      if (file === null) return text(404, 'Not found.');
      return await fileResponse(request, file, contentTypeFor(file), false);
    } catch (error) {
      log.error(`app://: ${request.url}: ${error instanceof Error ? error.message : String(error)}`);
      return text(500, 'Internal error.');
    }
  };
}
