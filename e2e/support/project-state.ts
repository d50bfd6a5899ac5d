/** Reading the studio's state in UI specs: the turn list's statuses, and a project as saved on disk. */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Project } from '../../shared/model/project';

/** Each turn row's status (done, stale, unrendered, ...), top to bottom. */
export function turnStatuses(page: Page): Promise<string[]> {
  return page
    .getByTestId('turn-row')
    .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.status ?? ''));
}

/** The saved project.json of the project titled `title` in the server's data folder, and its folder. */
export function savedProject(dataDir: string, title: string): { dir: string; project: Project } {
  const projects = path.join(dataDir, 'projects');
  for (const name of fs.readdirSync(projects)) {
    const file = path.join(projects, name, 'project.json');
    if (!fs.existsSync(file)) continue;
    const project = JSON.parse(fs.readFileSync(file, 'utf8')) as Project;
    if (project.title === title) return { dir: path.join(projects, name), project };
  }
  throw new Error(`no saved project titled ${title} in ${projects}`);
}
