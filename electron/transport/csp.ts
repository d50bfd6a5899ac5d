import { contentSecurityPolicy, loopbackConnectSources } from '../../shared/security/csp';

/**
 * The Content-Security-Policy serve mode sends with every response: the UI's one policy
 * (shared/security/csp.ts) with `connect-src` naming this server's WebSocket.
 */
export function serveCsp(port: number): string {
  return contentSecurityPolicy(loopbackConnectSources(port));
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
