/** What the save-loop child saves at each step, shared by the child and the test that checks it. */
import type { Project } from '../../shared/model/project';
import { makeProject } from '../../electron/host/project/test-fixtures';

/** Segments in the project saved at `step`: varies so consecutive files differ in length too. */
export function segmentCountForStep(step: number): number {
  return 150 + (step % 4) * 40;
}

/** The project the child run named `label` saves at `step`. */
export function projectForStep(label: string, step: number): Project {
  return makeProject(label, step, segmentCountForStep(step));
}
