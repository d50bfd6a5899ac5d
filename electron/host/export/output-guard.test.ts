import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TakeStore } from '../render/take-store';
import { exportProject } from './export-service';
import { plannedExportFiles } from './export-files';
import {
  checkOutputFolder,
  checkOutputs,
  guardExport,
  isCaseBlindFolder,
  OutputPathError,
} from './output-guard';
import { projectWithTakes, wavExportOptions } from './testing/episode-fixture';

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-guard-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text = 'Host: Hi.\n'): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Every file under `dir` with its content, to show that a refusal changed nothing. */
function snapshot(root = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile()) files[path.relative(root, full)] = fs.readFileSync(full, 'latin1');
  }
  return files;
}

async function refusal(promise: Promise<unknown>): Promise<OutputPathError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutputPathError);
  return error as OutputPathError;
}

const sensitive = { caseBlind: async () => false };
const blind = { caseBlind: async () => true };

describe('checkOutputs', () => {
  it('refuses an output that is a file the command reads, naming both', async () => {
    const script = write('episode.json', '[]');
    const error = await refusal(
      checkOutputs([path.join(dir, 'episode.wav'), script], {
        files: [{ path: script, what: 'the script' }],
      }),
    );
    expect(error.message).toBe(`will not write ${script}: it would overwrite the script ${script}`);
    expect(error.code).toBe('output-conflict');
  });

  it('sees the same file through a relative path, a symlink, a hard link and a folder alias', async () => {
    const script = write('show.txt');
    const guard = { files: [{ path: script, what: 'the script' }] };
    fs.symlinkSync(script, path.join(dir, 'link.srt'));
    fs.linkSync(script, path.join(dir, 'hard.srt'));
    fs.symlinkSync(dir, path.join(dir, 'alias'));
    for (const output of [
      path.relative(process.cwd(), script),
      path.join(dir, 'link.srt'),
      path.join(dir, 'hard.srt'),
      path.join(dir, 'alias', 'show.txt'),
    ])
      await refusal(checkOutputs([output], guard));
    await expect(checkOutputs([path.join(dir, 'other.srt')], guard)).resolves.toBeUndefined();
  });

  it('compares names case-blind only where the folder is case-blind', async () => {
    const script = write('Show.srt');
    const guard = { files: [{ path: script, what: 'the script' }] };
    const output = path.join(dir, 'show.SRT');
    await refusal(checkOutputs([output], guard, blind));
    await expect(checkOutputs([output], guard, sensitive)).resolves.toBeUndefined();
  });

  it('refuses outputs inside a folder the command reads from, at any depth', async () => {
    const cache = path.join(dir, 'data', 'cache', 'takes');
    fs.mkdirSync(path.join(cache, 'deeper'), { recursive: true });
    const guard = { folders: [{ path: cache, what: 'the take cache' }] };
    const error = await refusal(checkOutputs([path.join(cache, 'deeper', 'ep.wav')], guard));
    expect(error.message).toContain(`it is inside the take cache ${cache}`);
    await expect(checkOutputs([path.join(dir, 'data', 'ep.wav')], guard)).resolves.toBeUndefined();
  });

  it("refuses a project's own files in any project folder, and allows its exports and other names", async () => {
    const project = path.join(dir, 'My Show');
    write('My Show/project.json', '{}');
    fs.mkdirSync(path.join(project, 'takes'));
    fs.mkdirSync(path.join(project, 'autosave'));
    fs.mkdirSync(path.join(project, 'exports'));
    fs.mkdirSync(path.join(project, 'clips'));
    for (const name of [
      'project.json',
      'project.json.bak',
      'project.v1.json',
      'project.json.tmp-1-1',
      'takes/ep.wav',
      'autosave/ep.json',
      'clips/ep.wav',
      'clips',
    ])
      await refusal(checkOutputs([path.join(project, name)], {}, sensitive));
    await refusal(checkOutputs([path.join(project, 'Project.JSON')], {}, blind));
    await expect(
      checkOutputs(
        [path.join(project, 'exports', 'project.json'), path.join(project, 'episode.json')],
        {},
        sensitive,
      ),
    ).resolves.toBeUndefined();
  });
});

describe('checkOutputFolder', () => {
  it('says where an output cannot go, creating nothing and without hanging', async () => {
    const file = write('notes.txt');
    const cases: [string, RegExp][] = [
      [path.join(dir, 'missing', 'deeper', 'out.wav'), /the folder .*missing[/\\]deeper does not exist/],
      [path.join(file, 'out.wav'), /notes\.txt is a file, not a folder/],
    ];
    if (process.platform === 'linux')
      cases.push(['/proc/nope/x.wav', /the folder \/proc\/nope does not exist/]);
    for (const [output, message] of cases) {
      const error = await refusal(checkOutputFolder(output));
      expect(error.message).toMatch(message);
      expect(error.code).toBe('output-folder');
    }
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
  }, 300_000);
});

describe('isCaseBlindFolder', () => {
  it('probes a folder by its entries, else answers for the platform', async () => {
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    expect(await isCaseBlindFolder(empty, 'darwin')).toBe(true);
    expect(await isCaseBlindFolder(empty, 'linux')).toBe(false);
    write('Probe.txt');
    // Linux file systems here are case-sensitive; the entry answers whatever the platform default says.
    if (process.platform === 'linux') expect(await isCaseBlindFolder(dir, 'darwin')).toBe(false);
  });
});

describe('exports', () => {
  it('refuse to write over a project file before writing anything', async () => {
    const project = path.join(dir, 'Show');
    fs.mkdirSync(project);
    const store = new TakeStore(path.join(project, 'takes'));
    const episode = await projectWithTakes(store);
    fs.writeFileSync(path.join(project, 'project.json'), '{"the":"project"}');
    const before = snapshot();
    const error = await refusal(
      exportProject({
        project: episode,
        store,
        basePath: path.join(project, 'project'),
        options: wavExportOptions(-16),
      }),
    );
    expect(error.message).toContain(path.join(project, 'project.json'));
    expect(snapshot()).toEqual(before);
  });

  it('check the files of a split export before rendering: every name a chapter file could get', async () => {
    const store = new TakeStore(path.join(dir, 'takes'));
    const episode = await projectWithTakes(store);
    const options = { ...wavExportOptions(-16), splitByChapter: true };
    const basePath = path.join(dir, 'ep');
    const exact = plannedExportFiles(episode, basePath, options);
    const unrendered = {
      ...episode,
      segments: episode.segments.map(({ take: _take, ...segment }) => segment),
    };
    const planned = plannedExportFiles(unrendered, basePath, options);
    expect(exact).toContain(path.join(dir, 'ep-02-middle.srt'));
    for (const file of exact) expect(planned).toContain(file);
    // A script named like a chapter's captions is refused before anything renders.
    const script = write('ep-02-middle.srt', '1\n');
    await refusal(
      guardExport(unrendered, basePath, options, { files: [{ path: script, what: 'the script' }] }),
    );
  });
});
