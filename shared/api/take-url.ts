/**
 * The address of a take's audio, relative to the page: `/take/<hash>?dir=<project folder>`. Serve mode
 * answers it on its HTTP server; the desktop app on `app://roundtable/` (electron/main/app-protocol.ts).
 * Give it to createStudioHost as `takeUrl`.
 */
export function takeUrlPath(projectDir: string, hash: string): string {
  return `/take/${encodeURIComponent(hash)}?dir=${encodeURIComponent(projectDir)}`;
}

/** Where exported audio is played from: `/export-file/<file name>?dir=<project folder>`. */
export const EXPORT_FILE_PATH_PREFIX = '/export-file/';

/** The address of an exported audio file in the project's exports/ folder, relative to the page. */
export function exportFileUrlPath(projectDir: string, fileName: string): string {
  return `${EXPORT_FILE_PATH_PREFIX}${encodeURIComponent(fileName)}?dir=${encodeURIComponent(projectDir)}`;
}

/** Where stored reference clips are played from: `/clip/<sha256>?dir=<project folder>`. */
export const CLIP_PATH_PREFIX = '/clip/';

/** The address of a project's reference clip, relative to the page. */
export function clipUrlPath(projectDir: string, sha256: string): string {
  return `${CLIP_PATH_PREFIX}${encodeURIComponent(sha256)}?dir=${encodeURIComponent(projectDir)}`;
}

/** Where stored beds are played from (the studio's preview): `/bed/<hash>?dir=<project folder>`. */
export const BED_PATH_PREFIX = '/bed/';

/** The address of a project's stored bed audio (`beds/<hash>.wav`), relative to the page. */
export function bedUrlPath(projectDir: string, hash: string): string {
  return `${BED_PATH_PREFIX}${encodeURIComponent(hash)}?dir=${encodeURIComponent(projectDir)}`;
}
