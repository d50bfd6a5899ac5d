/**
 * Streams a file as an HTTP response, honouring a single byte `Range` (206 / 416) when asked to, and HEAD.
 */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentRange, decideRange } from '../transport/byte-range';

export interface SendFileOptions {
  contentType: string;
  cacheControl: string;
  acceptRanges: boolean;
  headers: Record<string, string>;
}

export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  filePath: string,
  options: SendFileOptions,
): Promise<void> {
  const stat = await fs.promises.stat(filePath);
  const size = stat.size;
  const decision = options.acceptRanges ? decideRange(req.headers.range, size) : ({ kind: 'full' } as const);
  const headers: Record<string, string> = {
    ...options.headers,
    'Content-Type': options.contentType,
    'Cache-Control': options.cacheControl,
    'Last-Modified': stat.mtime.toUTCString(),
  };
  if (options.acceptRanges) headers['Accept-Ranges'] = 'bytes';
  const rangeHeader = contentRange(decision, size);
  if (rangeHeader !== undefined) headers['Content-Range'] = rangeHeader;

  if (decision.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Requested range not satisfiable.\n');
    return;
  }
  const start = decision.kind === 'partial' ? decision.start : 0;
  const endInclusive = decision.kind === 'partial' ? decision.endInclusive : size - 1;
  const length = size === 0 ? 0 : endInclusive - start + 1;
  res.writeHead(decision.kind === 'partial' ? 206 : 200, { ...headers, 'Content-Length': String(length) });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  await pipeline(fs.createReadStream(filePath, { start, end: endInclusive }), res);
}
