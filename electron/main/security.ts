/**
 * The desktop app's security settings as plain data and pure functions, so they are unit-tested without
 * Electron: the privileged `app://` scheme, the CSP, which frames may call StudioApi, and which requests
 * and navigations are refused.
 */
import type { CustomScheme } from 'electron';
import { contentSecurityPolicy } from '../../shared/security/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'roundtable';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `app://` behaves like an https origin (standard + secure), may be fetched and streamed (audio seeking),
 * and never bypasses CSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: true,
    stream: true,
    codeCache: true,
    bypassCSP: false,
    allowServiceWorkers: false,
  },
};

/**
 * The UI's one policy (shared/security/csp.ts) with `connect-src 'self'`: the desktop UI talks to the host
 * over IPC, never the network.
 */
export const DESKTOP_CSP = contentSecurityPolicy(["'self'"]);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for pages of the app itself: `app://roundtable/...`, no credentials, no port. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** May a frame at this URL call StudioApi? Only the app's own pages. */
export function isAllowedSender(url: string): boolean {
  return isAppUrl(url);
}

/** The parts of an IPC event the sender check reads (Electron's IpcMainInvokeEvent fits). */
export interface IpcSenderInfo {
  sender: unknown;
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * An IPC call is trusted when it comes from the main window's webContents, from its top frame (not an
 * iframe), and that frame shows an `app://roundtable/` page.
 */
export function isTrustedIpcEvent(event: IpcSenderInfo, mainWebContents: unknown): boolean {
  const frame = event.senderFrame;
  return (
    mainWebContents !== null &&
    mainWebContents !== undefined &&
    event.sender === mainWebContents &&
    frame !== null &&
    frame.parent === null &&
    isAllowedSender(frame.url)
  );
}

/**
 * The UI is a single page: every navigation away from it is refused (reloads do not ask). Links that
 * should open in a browser are not supported yet; they are refused too.
 */
export function isAllowedNavigation(_url: string): boolean {
  return false;
}

/** The app works offline: requests to the network or the file system from a renderer are cancelled. */
export function shouldBlockRendererRequest(url: string): boolean {
  const parsed = parse(url);
  if (parsed === null) return true;
  if (isAppUrl(url)) return false;
  // DevTools' own pages and in-memory resources stay usable.
  return !['devtools:', 'blob:', 'data:', 'chrome-extension:'].includes(parsed.protocol);
}

/** What Electron tells a permission handler about a `media` request or check. */
export interface PermissionDetails {
  /** A request: the kinds of device asked for. */
  mediaTypes?: readonly string[];
  /** A check: the kind of device asked about. */
  mediaType?: string;
  requestingUrl?: string;
}

/**
 * Every permission (camera, notifications, clipboard-read, ...) is refused but writing plain text to the
 * clipboard ("Copy list" in the Pronunciations dialog): write-only, sanitised, and only on a user gesture;
 * and the microphone alone (never the camera) for the app's own page, where "Record…" in the clip dialog
 * records a voice. The system's own microphone permission still applies on top.
 */
export function isPermissionGranted(permission: string, details: PermissionDetails = {}): boolean {
  if (permission === 'clipboard-sanitized-write') return true;
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? (details.mediaType !== undefined ? [details.mediaType] : []);
  return (
    types.length > 0 &&
    types.every((type) => type === 'audio') &&
    details.requestingUrl !== undefined &&
    isAppUrl(details.requestingUrl)
  );
}
