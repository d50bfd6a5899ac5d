/**
 * The one Content-Security-Policy of the UI, whichever way it is served: the Electron app's `app://`
 * responses (electron/main/security.ts), serve mode's headers (electron/transport/csp.ts) and the meta tag in
 * renderer/index.html (electron/main/csp-consistency.test.ts holds it to this). Only `connect-src`, where
 * the API lives, differs. `style-src 'unsafe-inline'` is for wavesurfer.js, which puts a <style> element in
 * its shadow root.
 */

export interface CspOptions {
  /** A meta tag cannot carry `frame-ancestors` (browsers ignore it there); headers do. */
  forMetaTag?: boolean;
}

/** The policy with `connect-src` set to `connectSources` (e.g. `["'self'"]` for the desktop app). */
export function contentSecurityPolicy(connectSources: readonly string[], options: CspOptions = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    `connect-src ${connectSources.join(' ')}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    ...(options.forMetaTag === true ? [] : ["frame-ancestors 'none'"]),
    "object-src 'none'",
  ].join('; ');
}

/** `connect-src` of a page served from 127.0.0.1: its own origin and the host's WebSocket on `port`. */
export function loopbackConnectSources(port: number | '*'): string[] {
  return ["'self'", `ws://127.0.0.1:${port}`, `ws://localhost:${port}`];
}
