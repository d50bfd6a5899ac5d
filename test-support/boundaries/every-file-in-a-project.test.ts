/**
 * `tsc -b` checks only the files some project lists: a new folder outside every project would not be
 * type-checked at all, and its imports would cross no boundary. Every TypeScript file of the repository
 * belongs to a project reachable from the root tsconfig.json (boundaries/ holds non-modules on purpose).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './tsc-probe';

const SKIPPED = new Set([
  'node_modules',
  'dist',
  'out',
  '.tsbuild',
  '.git',
  '.scratch',
  'coverage',
  'test-results',
  'playwright-report',
  'boundaries',
]);

function typeScriptFiles(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.roundtable')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) typeScriptFiles(full, found);
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) found.push(full);
  }
  return found;
}

/** The files of every project reachable from `configPath`, by project. */
function projectFiles(configPath: string, files = new Map<string, string>()): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`could not read ${configPath}`);
  for (const file of config.fileNames) files.set(path.resolve(file), configPath);
  for (const reference of config.projectReferences ?? []) {
    const referenced = ts.resolveProjectReferencePath(reference);
    if (![...files.values()].includes(referenced)) projectFiles(referenced, files);
  }
  return files;
}

describe('the tsconfig projects', () => {
  it('cover every TypeScript file of the repository', () => {
    const covered = projectFiles(path.join(REPO_ROOT, 'tsconfig.json'));
    const outside = typeScriptFiles(REPO_ROOT)
      .filter((file) => !covered.has(file))
      .map((file) => path.relative(REPO_ROOT, file));
    expect(outside, 'add these to the tsconfig project of their process').toEqual([]);
    expect(covered.size).toBeGreaterThan(500);
  });
});
