/**
 * The recently opened projects, newest first, kept in `<dataDir>/recent.json` (atomic write). At most 20
 * entries; entries whose folder is gone are dropped when the list is read. A damaged file reads as empty
 * and is replaced on the next change.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { RecentProjectSchema } from '../../../shared/api/studio-api';
import { writeFileAtomic } from '../files/atomic-write';
import { projectDirQueue } from './keyed-queue';
import { ProjectIoError } from './project-errors';
import { dirKey } from './project-layout';
import { recentProjectsFile } from '../paths';

export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const MAX_RECENT_PROJECTS = 20;

const RecentFileSchema = z.object({
  version: z.literal(1),
  projects: z.array(RecentProjectSchema),
});

export interface RecentProjectsOptions {
  max?: number;
  platform?: NodeJS.Platform;
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

export class RecentProjects {
  private readonly max: number;
  private readonly platform: NodeJS.Platform;

  constructor(
    readonly file: string,
    options: RecentProjectsOptions = {},
  ) {
    this.max = Math.max(1, options.max ?? MAX_RECENT_PROJECTS);
    this.platform = options.platform ?? process.platform;
  }

  /** The list kept in a data folder (see resolveDataDir). */
  static inDataDir(dataDir: string, options: RecentProjectsOptions = {}): RecentProjects {
    return new RecentProjects(recentProjectsFile(dataDir), options);
  }

  /** Newest first; drops (and forgets) entries whose folder no longer exists. */
  async list(): Promise<RecentProject[]> {
    return this.change((projects) => projects);
  }

  /** Puts a project at the top (replacing an older entry for the same folder). */
  async add(entry: { dir: string; title: string; modifiedAtMs?: number }): Promise<RecentProject[]> {
    const added: RecentProject = {
      dir: path.resolve(entry.dir),
      title: entry.title,
      modifiedAtMs: Math.round(entry.modifiedAtMs ?? Date.now()),
    };
    return this.change((projects) => [added, ...projects.filter((p) => !this.sameDir(p.dir, added.dir))]);
  }

  async remove(dir: string): Promise<RecentProject[]> {
    return this.change((projects) => projects.filter((p) => !this.sameDir(p.dir, dir)));
  }

  private sameDir(a: string, b: string): boolean {
    return dirKey(a, this.platform) === dirKey(b, this.platform);
  }

  private change(edit: (projects: RecentProject[]) => RecentProject[]): Promise<RecentProject[]> {
    return projectDirQueue.run(`recent:${dirKey(this.file, this.platform)}`, async () => {
      const { projects: before, text } = await this.read();
      const kept: RecentProject[] = [];
      for (const project of edit(before)) {
        if (kept.length >= this.max) break;
        if (await isDirectory(project.dir)) kept.push(project);
      }
      const next = `${JSON.stringify({ version: 1, projects: kept }, null, 2)}\n`;
      if (next !== text && !(text === undefined && kept.length === 0)) {
        try {
          await fs.mkdir(path.dirname(this.file), { recursive: true });
          await writeFileAtomic(this.file, next);
        } catch (error) {
          throw new ProjectIoError(this.file, 'save the recent projects list', error);
        }
      }
      return kept;
    });
  }

  private async read(): Promise<{ projects: RecentProject[]; text: string | undefined }> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return { projects: [], text: undefined };
    }
    try {
      const parsed = RecentFileSchema.safeParse(JSON.parse(text));
      return { projects: parsed.success ? parsed.data.projects : [], text };
    } catch {
      return { projects: [], text };
    }
  }
}
