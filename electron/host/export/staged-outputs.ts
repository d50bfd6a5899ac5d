/**
 * The files of one export, staged: each is written under a temp name of this export's own beside its real
 * name (files/temp-files.ts), so two exports to the same output never write into each other's files, and a
 * failed or killed export leaves nothing under a real name. `commit` then renames them all into place while
 * holding the output's lock (files/file-lock.ts; a second export to the same output waits), in an order that
 * keeps the report true to the files beside it: the old report is removed first, the audio and transcripts
 * are renamed, the report comes last. Interrupted half-way, an export leaves no report rather than a wrong one.
 */
import path from 'node:path';
import { removeFile, renameIntoPlace, syncDir } from '../files/atomic-write';
import { withFileLock } from '../files/file-lock';
import { ownTempFile, removeTempFile, tempPathFor } from '../files/temp-files';
import { writeFailure } from '../files/write-errors';

/** The lock every export to `basePath` takes to put its files in place. */
export function outputLockPath(basePath: string): string {
  return `${basePath}.roundtable-lock`;
}

export class StagedOutputs {
  /** Real name → staged name, in the order staged. */
  private readonly staged = new Map<string, string>();
  private readonly realNames = new Map<string, string>();

  constructor(readonly basePath: string) {}

  /** The staged name to write `realPath` under (the same one when asked again). */
  stage(realPath: string): string {
    const existing = this.staged.get(realPath);
    if (existing !== undefined) return existing;
    const staged = tempPathFor(realPath);
    ownTempFile(staged);
    this.staged.set(realPath, staged);
    this.realNames.set(staged, realPath);
    return staged;
  }

  /** The real name of a staged file. */
  realPath(stagedPath: string): string {
    return this.realNames.get(stagedPath) ?? stagedPath;
  }

  /** Renames every staged file into place, `reportFile` last (see the file comment). */
  async commit(reportFile: string): Promise<void> {
    await withFileLock(outputLockPath(this.basePath), async () => {
      await removeFile(reportFile);
      const order = [...this.staged].sort(([a], [b]) => Number(a === reportFile) - Number(b === reportFile));
      for (const [real, staged] of order) {
        try {
          await renameIntoPlace(staged, real);
        } catch (error) {
          throw await writeFailure(error, real);
        }
        this.staged.delete(real);
      }
      await syncDir(path.dirname(reportFile));
    });
  }

  /** Deletes whatever was staged and not committed. */
  async discard(): Promise<void> {
    for (const staged of this.staged.values()) await removeTempFile(staged).catch(() => undefined);
    this.staged.clear();
  }
}
