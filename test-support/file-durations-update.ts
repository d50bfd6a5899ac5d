/**
 * Renews test-support/file-durations.json (see file-order.ts) from a Vitest JSON report of a whole run:
 *
 *   npx vitest run --reporter=json --outputFile=/tmp/vitest.json
 *   node bin/run-ts.js test-support/file-durations-update.ts /tmp/vitest.json [<checkout that ran it>]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../electron/host/files/atomic-write';
import type { DurationTable } from './file-order';
import { DURATIONS_FILE } from './file-order';

interface VitestJsonReport {
  startTime: number;
  testResults: { name: string; startTime: number; endTime: number }[];
}

const REPO_ROOT = path.resolve(path.dirname(DURATIONS_FILE), '..');

export function durationTable(report: VitestJsonReport, rootDir: string, measured: string): DurationTable {
  const seconds: Record<string, number> = {};
  for (const file of [...report.testResults].sort((a, b) => a.name.localeCompare(b.name))) {
    const relativePath = path.relative(rootDir, file.name).split(path.sep).join('/');
    seconds[relativePath] = Math.round((file.endTime - file.startTime) / 100) / 10;
  }
  return { format: 1, measured, seconds };
}

const [reportFile, checkout = REPO_ROOT] = process.argv.slice(2);
if (reportFile !== undefined) {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as VitestJsonReport;
  const day = new Date(report.startTime).toISOString().slice(0, 10);
  const table = durationTable(report, path.resolve(checkout), `${day}, ${os.availableParallelism()} cores`);
  // Atomic: a full disk or a Ctrl+C leaves the kept table as it was, never half written.
  await writeFileAtomic(DURATIONS_FILE, `${JSON.stringify(table, null, 2)}\n`);
  process.stdout.write(`${DURATIONS_FILE}: ${Object.keys(table.seconds).length} files\n`);
}
