/**
 * The project folders a host may write: those opened or created in this host session. A save, autosave,
 * render or export names its folder in the request; a folder that was never opened here (a typo, another
 * program's folder, a path relative to wherever the server happens to run) is refused instead of getting a
 * project.json, takes or exports written into it.
 */
import path from 'node:path';
import { HostError } from '../host-error';
import { dirKey } from './project-layout';

/** A folder path from a request: it must be absolute (a relative one would resolve against the server). */
export function requireAbsoluteDir(dir: string): string {
  if (!path.isAbsolute(dir)) {
    throw new HostError(
      'path-not-absolute',
      `"${dir}" is not a full path`,
      'Give the full path of the project folder (for example /home/me/Podcasts/Episode 1 or C:\\Podcasts\\Episode 1).',
    );
  }
  return path.resolve(dir);
}

export class ProjectSessions {
  private readonly folders = new Set<string>();

  /** A project folder opened or created in this session (it stays writable after it is closed). */
  add(dir: string): void {
    this.folders.add(dirKey(requireAbsoluteDir(dir)));
  }

  has(dir: string): boolean {
    return path.isAbsolute(dir) && this.folders.has(dirKey(dir));
  }

  /** The folder, absolute, when it may be written; a HostError saying why not otherwise. */
  require(dir: string): string {
    const absolute = requireAbsoluteDir(dir);
    if (!this.folders.has(dirKey(absolute))) {
      throw new HostError(
        'project-not-open',
        `${absolute} is not a project opened in this session, so nothing is written there`,
        'Open the project (or create it) first.',
      );
    }
    return absolute;
  }
}
