/** One GET of a sidecar's health path: any 2xx is healthy. Never throws; no keep-alive socket is left. */
import http from 'node:http';

export type HealthAnswer = { ok: true; status: number } | { ok: false; status?: number; error?: string };

export function probeHealth(url: string, timeoutMs: number): Promise<HealthAnswer> {
  return new Promise<HealthAnswer>((resolve) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, error: error.code ?? error.message }),
    );
  });
}

/** "503", "connection refused", ... for messages. */
export function describeHealthAnswer(answer: HealthAnswer | null): string {
  if (!answer) return 'no answer yet';
  if (answer.status !== undefined) return `HTTP ${answer.status}`;
  if (answer.ok) return 'healthy';
  if (answer.error === 'ECONNREFUSED') return 'connection refused (not listening yet)';
  return answer.error ?? 'no answer';
}
