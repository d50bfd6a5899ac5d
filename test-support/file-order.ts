/**
 * The order Vitest hands test files to its workers. Longest first packs two workers best, and Vitest does
 * that once it has run the files here (it keeps their durations in node_modules/.vite). A fresh clone has
 * none, and Vitest then takes the largest files first: on this 2-core machine one clone ran the suite in
 * 301.5 s that way, in 280–281 s with the durations of a run, and in 286.6 s with this table. So files
 * nothing is known of here are ordered by `file-durations.json`, the durations of one whole run kept with the code
 * (`node bin/run-ts.js test-support/file-durations-update.ts <vitest JSON report>` renews it). Durations
 * measured on this machine still come first; a file in neither goes first, as Vitest puts unknown files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

export const DURATIONS_FILE = fileURLToPath(new URL('./file-durations.json', import.meta.url));

export interface DurationTable {
  format: 1;
  /** Where and when the durations were measured. */
  measured: string;
  /** Seconds per test file, by its path from the repository root with `/`. */
  seconds: Record<string, number>;
}

/** What the order needs to know of one file. */
export interface FileFacts {
  /** Vitest's own grouping: projects run one after another, in this order. */
  groupKey: string;
  failedLastTime: boolean;
  /** Milliseconds: measured here, else from the table; undefined when neither knows the file. */
  durationMs: number | undefined;
  sizeBytes: number;
}

/** Failed files first, then the longest; a file of unknown duration before those known; then the largest. */
export function compareFiles(a: FileFacts, b: FileFacts): number {
  if (a.groupKey !== b.groupKey) return a.groupKey < b.groupKey ? -1 : 1;
  if (a.failedLastTime !== b.failedLastTime) return a.failedLastTime ? -1 : 1;
  if (a.durationMs === undefined || b.durationMs === undefined) {
    if (a.durationMs !== b.durationMs) return a.durationMs === undefined ? -1 : 1;
    return b.sizeBytes - a.sizeBytes;
  }
  return b.durationMs - a.durationMs;
}

export function readDurationTable(file = DURATIONS_FILE): DurationTable | undefined {
  try {
    const table = JSON.parse(fs.readFileSync(file, 'utf8')) as DurationTable;
    return table.format === 1 && typeof table.seconds === 'object' ? table : undefined;
  } catch {
    return undefined;
  }
}

export default class DurationTableSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const table = readDurationTable()?.seconds ?? {};
    const root = this.ctx.config.root;
    const facts = new Map<TestSpecification, FileFacts>();
    for (const spec of files) {
      const relativePath = path.relative(root, spec.moduleId).split(path.sep).join('/');
      const key = `${spec.project.name}:${relativePath}`;
      const measured = this.ctx.cache.getFileTestResults(key);
      const tabled = table[relativePath];
      const config = spec.project.config;
      facts.set(spec, {
        // As Vitest groups: by sequence.groupOrder, then project, isolated projects first.
        groupKey: `${String(config.sequence.groupOrder).padStart(6, '0')}:${spec.project.name}:${config.isolate ? 0 : 1}`,
        failedLastTime: measured?.failed ?? false,
        durationMs: measured?.duration ?? (tabled === undefined ? undefined : tabled * 1000),
        sizeBytes: this.ctx.cache.getFileStats(key)?.size ?? 0,
      });
    }
    return Promise.resolve([...files].sort((a, b) => compareFiles(facts.get(a)!, facts.get(b)!)));
  }
}
