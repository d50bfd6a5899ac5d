import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileFacts } from './file-order';
import { compareFiles, DURATIONS_FILE, readDurationTable } from './file-order';

const file = (name: string, facts: Partial<FileFacts>): FileFacts & { name: string } => ({
  name,
  groupKey: '000000:node:1',
  failedLastTime: false,
  durationMs: undefined,
  sizeBytes: 1000,
  ...facts,
});

const order = (files: (FileFacts & { name: string })[]) =>
  [...files].sort(compareFiles).map((one) => one.name);

describe('the order test files start in', () => {
  it('is longest first, unknown files before known ones, failed files before all, projects one after another', () => {
    expect(
      order([
        file('short', { durationMs: 100 }),
        file('long', { durationMs: 30_000 }),
        file('unknown-small', { sizeBytes: 10 }),
        file('unknown-large', { sizeBytes: 50_000 }),
        file('failed', { durationMs: 5, failedLastTime: true }),
        file('dom', { groupKey: '000000:dom:1', durationMs: 1 }),
      ]),
    ).toEqual(['dom', 'failed', 'unknown-large', 'unknown-small', 'long', 'short']);
  });

  it('reads the kept durations, which name test files that exist', () => {
    const table = readDurationTable();
    expect(table?.format).toBe(1);
    const names = Object.keys(table!.seconds);
    expect(names.length).toBeGreaterThan(200);
    const root = path.dirname(path.dirname(DURATIONS_FILE));
    const existing = names.filter((name) => fs.existsSync(path.join(root, name)));
    // A renamed or removed file only loses its place in the order; most must still be there.
    expect(existing.length / names.length).toBeGreaterThan(0.9);
  });

  it('is without a table when the file is missing or of another format', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-file-order-'));
    try {
      expect(readDurationTable(path.join(dir, 'missing.json'))).toBeUndefined();
      fs.writeFileSync(path.join(dir, 'other.json'), '{"format":2,"seconds":{}}');
      expect(readDurationTable(path.join(dir, 'other.json'))).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
