import { describe, expect, it } from 'vitest';
import { createToken, isAllowedHostHeader, isAllowedOrigin, readCookie, tokenMatches } from './auth';

describe('serve auth', () => {
  it('creates distinct 32-character base64url tokens', () => {
    const a = createToken();
    const b = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a).not.toBe(b);
  });

  it('matches tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', 'ABC')).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });

  it('reads one cookie among several', () => {
    expect(readCookie('a=1; roundtable_token_80=xyz; b=2', 'roundtable_token_80')).toBe('xyz');
    expect(readCookie('roundtable_token_8080=xyz', 'roundtable_token_80')).toBeUndefined();
    expect(readCookie(undefined, 'x')).toBeUndefined();
  });

  it('allows only this port on loopback names as Host and Origin', () => {
    expect(isAllowedHostHeader('127.0.0.1:5000', 5000)).toBe(true);
    expect(isAllowedHostHeader('LOCALHOST:5000', 5000)).toBe(true);
    expect(isAllowedHostHeader('127.0.0.1:5001', 5000)).toBe(false);
    expect(isAllowedHostHeader('attacker.example:5000', 5000)).toBe(false);
    expect(isAllowedHostHeader(undefined, 5000)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:5000', 5000)).toBe(true);
    expect(isAllowedOrigin('http://localhost:5000', 5000)).toBe(true);
    expect(isAllowedOrigin('https://127.0.0.1:5000', 5000)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:5000.evil.example', 5000)).toBe(false);
    expect(isAllowedOrigin('null', 5000)).toBe(false);
    expect(isAllowedOrigin(undefined, 5000)).toBe(false);
  });
});
