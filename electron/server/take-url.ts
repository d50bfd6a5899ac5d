/**
 * The address of a take's audio, relative to the page: `/take/<hash>?dir=<project folder>`. Serve mode
 * answers it on its HTTP server; the desktop app on `app://roundtable/` (electron/main/app-protocol.ts).
 * Give it to createStudioHost as `takeUrl`.
 */
export function takeUrlPath(projectDir: string, hash: string): string {
  return `/take/${encodeURIComponent(hash)}?dir=${encodeURIComponent(projectDir)}`;
}
