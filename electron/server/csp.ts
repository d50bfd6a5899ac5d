/**
 * The Content-Security-Policy serve mode sends with every response. Same shape as the Electron app's
 * (electron/main/security.ts) and the meta tag in renderer/index.html; only `connect-src` differs, naming
 * this server's WebSocket. `style-src 'unsafe-inline'` is for wavesurfer.js, which puts a <style> element
 * in its shadow root.
 */
export function serveCsp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers every serve-mode response carries. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': serveCsp(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
