/**
 * Where `render` and `export` may write, as a user runs them: outputs never replace an input or a
 * project's files, and an output folder that does not exist is said, never created (nor hung on).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../host/project/project-store';
import { makeProject } from '../host/project/test-fixtures';
import { HANG_GUARD_MS } from '../../test-support/hang-guard';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/roundtable.js');
const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cli-paths-')));
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(work, 'data'), ROUNDTABLE_FAULTS: '' };
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(args: string[], cwd = work) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env,
    encoding: 'utf8',
    cwd,
    timeout: HANG_GUARD_MS,
  });
  return { code: result.status, stderr: result.stderr, signal: result.signal };
}

/** Every file under a folder with its bytes and modification time. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (!entry.isFile()) continue;
    files[path.relative(root, full)] = `${fs.statSync(full).mtimeMs} ${fs.readFileSync(full, 'base64')}`;
  }
  return files;
}

function folder(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('outputs never replace inputs', () => {
  it('refuses, before rendering, every output that is the script or the pronunciation list', () => {
    const dir = folder('inputs');
    fs.writeFileSync(path.join(dir, 'episode.json'), '[{"speaker": "Host", "text": "Hello."}]');
    fs.writeFileSync(path.join(dir, 'ep.labels.txt'), 'Host: Hello.\n');
    fs.writeFileSync(path.join(dir, 'ep2.srt'), 'Host: Hello.\n');
    fs.writeFileSync(path.join(dir, 'same.wav'), 'Host: Hello.\n');
    fs.writeFileSync(path.join(dir, 'said.txt'), 'Host: Hello.\n');
    fs.writeFileSync(path.join(dir, 'words.json'), '[{"word": "Hello", "sayAs": "hullo"}]');
    fs.writeFileSync(path.join(dir, 'split-01-opening.vtt'), '# Opening\nHost: Hello.\n');
    const cases: [string[], string, string][] = [
      [['episode.json', '-o', 'episode.wav'], 'episode.json', 'the script'],
      [['ep.labels.txt', '-o', 'ep.wav'], 'ep.labels.txt', 'the script'],
      [['ep2.srt', '-o', 'ep2.mp3'], 'ep2.srt', 'the script'],
      [['same.wav', '-o', 'same.wav'], 'same.wav', 'the script'],
      [
        ['said.txt', '-o', 'words.wav', '--pronunciations', 'words.json'],
        'words.json',
        'the pronunciation list',
      ],
      [['split-01-opening.vtt', '-o', 'split.wav', '--split-chapters'], 'split-01-opening.vtt', 'the script'],
    ];
    const before = snapshot(dir);
    for (const [args, input, what] of cases) {
      const result = run(['render', ...args], dir);
      const file = path.join(dir, input);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(
        `roundtable: will not write ${file}: it would overwrite ${what} ${file}\n`,
      );
      expect(result.stderr).not.toMatch(/rendering|\n\s+at /);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses an export over the project's own files, leaving the project as it was", async () => {
    const project = path.join(work, 'my-project');
    await new ProjectStore().createProject(project, makeProject('guarded', 0, 2));
    const before = snapshot(project);
    const cases: [string, string][] = [
      [path.join(project, 'project.mp3'), path.join(project, 'project.json')],
      [path.join(project, 'project.v1.flac'), path.join(project, 'project.v1.json')],
      [path.join(project, 'takes', 'ep.wav'), project],
    ];
    for (const [output, named] of cases) {
      const result = run(['export', project, '-o', output]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`will not write `);
      expect(result.stderr).toContain(named);
    }
    expect(snapshot(project)).toEqual(before);
  });

  it('refuses an output in the take cache or over the data folder files it reads', () => {
    const dir = folder('data-files');
    fs.writeFileSync(path.join(dir, 'show.txt'), 'Host: Hello.\n');
    const data = path.join(work, 'data');
    fs.mkdirSync(path.join(data, 'cache', 'takes'), { recursive: true });
    fs.writeFileSync(path.join(data, 'recent.json'), '[]');
    for (const [output, message] of [
      [path.join(data, 'cache', 'takes', 'ep.wav'), /it is inside the take cache /],
      [path.join(data, 'recent.wav'), /it would overwrite the app's recent projects list /],
    ] as const) {
      const result = run(['render', 'show.txt', '-o', output], dir);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(fs.readFileSync(path.join(data, 'recent.json'), 'utf8')).toBe('[]');
  });
});

describe('output folders', () => {
  it('says where the output cannot go, creating no folder and never hanging', () => {
    const dir = folder('folders');
    fs.writeFileSync(path.join(dir, 'show.txt'), 'Host: Hello.\n');
    const cases: [string, RegExp][] = [
      [path.join(dir, 'nonexistent', 'dir', 'out.wav'), /the folder .*nonexistent[/\\]dir does not exist/],
      [path.join(dir, 'show.txt', 'out.wav'), /show\.txt is a file, not a folder/],
    ];
    if (process.platform === 'linux')
      cases.push(
        ['/proc/nope/x.wav', /the folder \/proc\/nope does not exist/],
        ['/proc/x.wav', /cannot write \/proc\/x\.wav: files cannot be created in \/proc /],
        ['/sys/x.wav', /cannot write \/sys\/x\.wav: you may not write to the folder \/sys/],
      );
    for (const [output, message] of cases) {
      const result = run(['render', 'show.txt', '-o', output], dir);
      expect(result.signal, 'hung').toBeNull();
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(
        /Create the folder first, or choose a folder that exists|Choose a folder|choose another place/,
      );
    }
    expect(fs.readdirSync(dir)).toEqual(['show.txt']);
  });
});
