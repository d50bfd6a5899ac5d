/**
 * One HTTP exchange with a speech server: the request, its deadline and cancellation, and what came back
 * (audio, or a typed failure that says what the server did). Retrying and choosing endpoints is the pool's
 * and the engine's business, not this file's. The API key goes only into the Authorization header: it is
 * never part of a message, and a server that echoes it back has it blanked out.
 */
import type { DecodedAudio } from './decode-speech-audio';
import { BadAudioError, decodeSpeechAudio, describeBody } from './decode-speech-audio';
import type { DecodableFormat } from './speech-api';

export type SpeechFailureKind =
  /** The server answered with an HTTP error status. */
  | 'http'
  /** No connection (refused, unreachable, DNS). */
  | 'unreachable'
  /** The connection dropped, or the body stopped before it was complete. */
  | 'dropped'
  /** No complete answer within the deadline. */
  | 'timeout'
  /** A complete answer that is not usable audio (JSON, text, a wrong or damaged format, NaN). */
  | 'bad-audio'
  | 'cancelled';

export class SpeechRequestError extends Error {
  constructor(
    readonly kind: SpeechFailureKind,
    message: string,
    readonly status?: number,
    /** From a Retry-After header (429/503), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SpeechRequestError';
  }

  /** Failures another attempt (later, or at another endpoint) can get past. */
  get retryable(): boolean {
    if (this.kind === 'cancelled') return false;
    if (this.kind !== 'http') return true;
    const status = this.status ?? 0;
    return status >= 500 || status === 429 || status === 408;
  }
}

/** `<base>/v1/<path>`, whether the base URL already ends in `/v1` or not. */
export function endpointUrl(baseUrl: string, path: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v1$/.test(base) ? `${base}/${path}` : `${base}/v1/${path}`;
}

/** Retry-After as seconds or an HTTP date, in ms from `nowMs` (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export interface ExchangeOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface SpeechExchange extends ExchangeOptions {
  body: object;
  format: DecodableFormat;
  stream: boolean;
}

/** POST /v1/audio/speech and decode the answer. */
export async function requestSpeech(exchange: SpeechExchange): Promise<DecodedAudio> {
  const bytes = await exchangeBytes(
    exchange,
    'audio/speech',
    {
      method: 'POST',
      body: JSON.stringify(exchange.body),
      headers: { 'content-type': 'application/json', accept: exchange.stream ? 'text/event-stream' : '*/*' },
    },
    async (response, read) => {
      const type = (response.headers.get('content-type') ?? '').toLowerCase();
      if (exchange.stream && type.startsWith('text/event-stream'))
        return sseAudio(await read(), exchange.apiKey);
      const body = await read();
      if (type.startsWith('application/json') || type.startsWith('text/')) {
        throw new SpeechRequestError(
          'bad-audio',
          `the server answered ${response.status} with ${type.split(';')[0]} instead of audio: ${serverMessage(body, exchange.apiKey)}`,
        );
      }
      return body;
    },
  );
  try {
    return await decodeSpeechAudio(bytes, exchange.format);
  } catch (error) {
    if (error instanceof BadAudioError)
      throw new SpeechRequestError('bad-audio', redact(error.message, exchange.apiKey));
    throw error;
  }
}

/** GET a JSON document (`models`, `audio/voices?model=...`). */
export async function getJson(options: ExchangeOptions, path: string): Promise<unknown> {
  const bytes = await exchangeBytes(
    options,
    path,
    { method: 'GET', headers: { accept: 'application/json' } },
    (_r, read) => read(),
  );
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    throw new SpeechRequestError('bad-audio', `GET ${path} did not answer JSON: ${describeBody(bytes)}`);
  }
}

async function exchangeBytes(
  options: ExchangeOptions,
  path: string,
  init: RequestInit & { headers: Record<string, string> },
  onOk: (response: Response, read: () => Promise<Uint8Array>) => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const { signal, timeoutMs, apiKey } = options;
  if (signal.aborted) throw new SpeechRequestError('cancelled', 'cancelled');
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  const onAbort = () => deadline.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  const headers = { ...init.headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
  const url = endpointUrl(options.baseUrl, path);
  const failed = (error: unknown, phase: 'connect' | 'body'): SpeechRequestError => {
    if (error instanceof SpeechRequestError) return error;
    if (signal.aborted) return new SpeechRequestError('cancelled', 'cancelled');
    if (deadline.signal.aborted)
      return new SpeechRequestError('timeout', `no complete answer within ${Math.round(timeoutMs / 1000)} s`);
    const cause = causeText(error);
    return phase === 'connect' && !/reset|socket|terminated|closed/i.test(cause)
      ? new SpeechRequestError('unreachable', `cannot connect (${cause})`)
      : new SpeechRequestError(
          'dropped',
          `the connection dropped ${phase === 'body' ? 'before the answer was complete' : 'before an answer'} (${cause})`,
        );
  };
  try {
    let response: Response;
    try {
      response = await fetch(url, { ...init, headers, signal: deadline.signal, redirect: 'error' });
    } catch (error) {
      throw failed(error, 'connect');
    }
    const read = async () => {
      try {
        return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw failed(error, 'body');
      }
    };
    if (!response.ok) {
      const body = await read().catch(() => new Uint8Array());
      throw new SpeechRequestError(
        'http',
        `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: ${serverMessage(body, apiKey)}`,
        response.status,
        parseRetryAfter(response.headers.get('retry-after')),
      );
    }
    return await onOk(response, read);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

function causeText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const text = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return text;
}

/** The server's own words from an error body (`{"error":{"message":...}}`, `{"detail":...}`, text). */
export function serverMessage(body: Uint8Array, apiKey?: string): string {
  const text = new TextDecoder().decode(body.subarray(0, 4000)).trim();
  if (!text) return '(no message)';
  let message = text;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const error = json.error;
    const detail = json.detail;
    message =
      typeof error === 'object' &&
      error !== null &&
      typeof (error as { message?: unknown }).message === 'string'
        ? (error as { message: string }).message
        : typeof error === 'string'
          ? error
          : typeof json.message === 'string'
            ? json.message
            : typeof detail === 'string'
              ? detail
              : detail !== undefined
                ? JSON.stringify(detail)
                : text;
  } catch {
    // Not JSON: the text itself.
  }
  message = message.replace(/\s+/g, ' ');
  return redact(message.length > 300 ? `${message.slice(0, 300)}…` : message, apiKey);
}

function redact(text: string, apiKey?: string): string {
  return apiKey && apiKey.length >= 4 ? text.split(apiKey).join('[api key]') : text;
}

/** The audio of an SSE answer: the `speech.audio.delta` events' base64 joined, complete only with `done`. */
function sseAudio(body: Uint8Array, apiKey?: string): Uint8Array {
  const text = new TextDecoder().decode(body);
  const parts: Buffer[] = [];
  let done = false;
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''))
      .join('\n');
    if (!data || data === '[DONE]') continue;
    let event: { type?: unknown; audio?: unknown; error?: unknown };
    try {
      event = JSON.parse(data) as typeof event;
    } catch {
      throw new SpeechRequestError(
        'bad-audio',
        `the server's event stream has a line that is not JSON: "${data.slice(0, 80)}"`,
      );
    }
    if (event.type === 'speech.audio.delta' && typeof event.audio === 'string') {
      parts.push(Buffer.from(event.audio, 'base64'));
    } else if (event.type === 'speech.audio.done') {
      done = true;
    } else if (event.type === 'error' || event.error !== undefined) {
      throw new SpeechRequestError(
        'http',
        `the server reported an error in its event stream: ${serverMessage(Buffer.from(JSON.stringify(event)), apiKey)}`,
        500,
      );
    }
  }
  if (!done)
    throw new SpeechRequestError(
      'dropped',
      'the event stream ended without speech.audio.done: the answer was cut short',
    );
  return new Uint8Array(Buffer.concat(parts));
}
