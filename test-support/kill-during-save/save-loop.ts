/**
 * Child process for the kill-during-save test: saves a sequence of different projects to one folder as fast
 * as it can until it is killed. Prints `ready`, then `begin <step>` before and `saved <step>` after each save
 * (stdout to a pipe is synchronous on Linux, so the parent sees every line written before the kill).
 *
 * Usage: node --import tsx save-loop.ts <projectDir> <label>
 */
import { ProjectStore } from '../../electron/host/project/project-store';
import { projectForStep } from './save-plan';

async function main(): Promise<void> {
  const [dir, label] = process.argv.slice(2);
  if (dir === undefined || label === undefined) throw new Error('usage: save-loop.ts <projectDir> <label>');
  const store = new ProjectStore();
  process.stdout.write('ready\n');
  for (let step = 0; ; step += 1) {
    const project = projectForStep(label, step);
    process.stdout.write(`begin ${step}\n`);
    await store.saveProject(dir, project);
    process.stdout.write(`saved ${step}\n`);
  }
}

void main();
