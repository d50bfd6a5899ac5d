import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, loopbackConnectSources } from '../../shared/security/csp';
import { serveCsp } from '../transport/csp';
import { DESKTOP_CSP } from './security';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => {
        const [name = '', ...values] = d.split(/\s+/);
        return [name, values];
      }),
  );
}

function metaCsp(): string {
  const html = fs.readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('renderer/index.html has no CSP meta tag');
  return match[1];
}

describe('CSP', () => {
  it('is the same policy in serve mode, the desktop app and index.html, except where the API lives', () => {
    const serve = directives(serveCsp(4321));
    const desktop = directives(DESKTOP_CSP);
    const meta = directives(metaCsp());
    // frame-ancestors cannot be set from a meta tag; the headers carry it.
    expect([...meta.keys(), 'frame-ancestors'].sort()).toEqual([...serve.keys()].sort());
    expect([...desktop.keys()].sort()).toEqual([...serve.keys()].sort());
    for (const [name, values] of serve) {
      if (name === 'connect-src' || name === 'frame-ancestors') continue;
      expect(desktop.get(name), name).toEqual(values);
      expect(meta.get(name), name).toEqual(values);
    }
    expect(serve.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4321', 'ws://localhost:4321']);
    expect(desktop.get('connect-src')).toEqual(["'self'"]);
    expect(meta.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']);
  });

  it('index.html carries the shared policy for any loopback port, as a meta tag can', () => {
    expect(metaCsp()).toBe(contentSecurityPolicy(loopbackConnectSources('*'), { forMetaTag: true }));
  });

  it('allows no inline or evaluated script and no remote origins', () => {
    for (const policy of [serveCsp(1), DESKTOP_CSP, metaCsp()]) {
      const parsed = directives(policy);
      expect(parsed.get('script-src')).toEqual(["'self'"]);
      expect(parsed.get('default-src')).toEqual(["'none'"]);
      expect(parsed.get('object-src')).toEqual(["'none'"]);
      expect(policy).not.toMatch(/unsafe-eval|https?:/);
    }
  });
});
