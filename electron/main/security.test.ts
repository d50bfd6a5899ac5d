import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  DESKTOP_CSP,
  isAllowedNavigation,
  isAllowedSender,
  isPermissionGranted,
  isTrustedIpcEvent,
  shouldBlockRendererRequest,
} from './security';
import { mainWebPreferences, mainWindowOptions, WINDOW_TITLE } from './window-options';

describe('desktop security settings', () => {
  it('lets only app://roundtable pages call the API', () => {
    expect(isAllowedSender(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedSender('app://roundtable/index.html#timeline')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://roundtable.evil/index.html',
      'app://user:pw@roundtable/index.html',
      'app://roundtable:8080/index.html',
      'file:///app/index.html',
      'http://127.0.0.1:3000/',
      'https://roundtable/',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      '',
      'not a url',
    ]) {
      expect(isAllowedSender(url), url).toBe(false);
    }
  });

  it('trusts an IPC event only from the main window top frame on an app page', () => {
    const main = { id: 1 };
    const other = { id: 2 };
    const top = { url: APP_ENTRY_URL, parent: null };
    expect(isTrustedIpcEvent({ sender: main, senderFrame: top }, main)).toBe(true);
    expect(isTrustedIpcEvent({ sender: other, senderFrame: top }, main)).toBe(false);
    expect(isTrustedIpcEvent({ sender: main, senderFrame: { url: APP_ENTRY_URL, parent: top } }, main)).toBe(
      false,
    );
    expect(
      isTrustedIpcEvent({ sender: main, senderFrame: { url: 'https://x.test/', parent: null } }, main),
    ).toBe(false);
    expect(isTrustedIpcEvent({ sender: main, senderFrame: null }, main)).toBe(false);
    expect(isTrustedIpcEvent({ sender: main, senderFrame: top }, null)).toBe(false);
  });

  it('refuses navigation, permissions and network requests', () => {
    expect(isAllowedNavigation('https://example.com')).toBe(false);
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(false);
    expect(isPermissionGranted('media')).toBe(false);
    expect(isPermissionGranted('notifications')).toBe(false);
    expect(isPermissionGranted('clipboard-read')).toBe(false);
    expect(isPermissionGranted('clipboard-sanitized-write')).toBe(true);
    // The microphone, and only it, for the app's own page ("Record…" in the clip dialog).
    const page = `${APP_ENTRY_URL}#/`;
    expect(isPermissionGranted('media', { mediaTypes: ['audio'], requestingUrl: page })).toBe(true);
    expect(isPermissionGranted('media', { mediaType: 'audio', requestingUrl: page })).toBe(true);
    expect(isPermissionGranted('media', { mediaTypes: ['audio', 'video'], requestingUrl: page })).toBe(false);
    expect(isPermissionGranted('media', { mediaTypes: ['video'], requestingUrl: page })).toBe(false);
    expect(isPermissionGranted('media', { mediaType: 'unknown', requestingUrl: page })).toBe(false);
    expect(isPermissionGranted('media', { mediaTypes: [], requestingUrl: page })).toBe(false);
    expect(
      isPermissionGranted('media', { mediaTypes: ['audio'], requestingUrl: 'https://example.com/' }),
    ).toBe(false);
    expect(isPermissionGranted('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(shouldBlockRendererRequest('https://example.com/track.js')).toBe(true);
    expect(shouldBlockRendererRequest('http://127.0.0.1:8080/')).toBe(true);
    expect(shouldBlockRendererRequest('ws://127.0.0.1:8080/api')).toBe(true);
    expect(shouldBlockRendererRequest('file:///etc/passwd')).toBe(true);
    expect(shouldBlockRendererRequest('app://roundtable/assets/index.js')).toBe(false);
    expect(shouldBlockRendererRequest('app://roundtable/take/abcd?dir=%2Fp')).toBe(false);
    expect(shouldBlockRendererRequest('devtools://devtools/bundled/inspector.html')).toBe(false);
  });

  it('registers app:// as a standard, secure, streamable scheme that does not bypass CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, bypassCSP: false },
    });
  });

  it('has a strict CSP without eval, inline script or remote origins', () => {
    const directives = Object.fromEntries(
      DESKTOP_CSP.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(DESKTOP_CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('builds isolated, sandboxed web preferences', () => {
    const prefs = mainWebPreferences('/app/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    const options = mainWindowOptions({ preloadPath: '/app/preload.cjs', devTools: true });
    expect(options.title).toBe(WINDOW_TITLE);
    expect(options.show).toBe(false);
    expect(options.webPreferences?.devTools).toBe(true);
    expect(options.webPreferences?.sandbox).toBe(true);
  });
});
