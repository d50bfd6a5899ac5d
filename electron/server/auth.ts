/**
 * Serve mode's access checks. The server binds loopback only, and still: every HTTP request carries the
 * random token (query or cookie), the Host header must name this server (against DNS rebinding), and the
 * WebSocket upgrade must come from the server's own origin (against cross-site WebSocket hijacking).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_BYTES = 24;

/** 24 random bytes, base64url (32 characters). */
export function createToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Constant-time comparison (hashing first, so the length does not leak either). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** Cookies are not separated by port, so the name carries it: two servers on one machine do not collide. */
export function tokenCookieName(port: number): string {
  return `roundtable_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The two spellings of this server's loopback address a browser may use. */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function isAllowedHostHeader(host: string | undefined, port: number): boolean {
  return host !== undefined && loopbackHosts(port).includes(host.toLowerCase());
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin !== undefined && loopbackHosts(port).some((h) => origin.toLowerCase() === `http://${h}`);
}
