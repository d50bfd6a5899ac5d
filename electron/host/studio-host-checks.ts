/** The studio host's checks of what the renderer asks for (take ids, project and export paths), and its version. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostError } from './host-error';
import { requireAbsoluteDir } from './project/project-sessions';
import { exportFilePath, isValidTakeHash } from './project/safe-paths';
/** Exported audio the studio plays back; transcripts and reports are not served. */
export const EXPORT_AUDIO = /\.(wav|mp3|flac)$/i;

export async function resolveExportFile(projectDir: string, fileName: string): Promise<string> {
  requireAbsoluteDir(projectDir);
  if (!EXPORT_AUDIO.test(fileName)) {
    throw new HostError('bad-request', `${fileName} is not an exported audio file`);
  }
  const file = await exportFilePath(projectDir, fileName);
  if (!fs.existsSync(file)) {
    throw new HostError('file-not-found', `no exported file ${fileName} in ${projectDir}`, 'export again');
  }
  return file;
}

export function checkHash(hash: string): void {
  if (!isValidTakeHash(hash)) throw new HostError('bad-request', `"${hash}" is not a take id`);
}

export async function requireProjectDir(dir: string): Promise<void> {
  const file = path.join(requireAbsoluteDir(dir), 'project.json');
  if (!fs.existsSync(file)) {
    throw new HostError('project-not-found', `no project in ${dir}`, 'save the project first, then render');
  }
}

export function readVersion(): string {
  const file = fileURLToPath(new URL('../../package.json', import.meta.url));
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
