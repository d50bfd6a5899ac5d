import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROJECT_SCHEMA_VERSION, ProjectSchema } from '../../../shared/model/project';
import {
  ProjectDirNotEmptyError,
  ProjectExistsError,
  ProjectFileCorruptError,
  ProjectInvalidError,
  ProjectNotFoundError,
  ProjectParentMissingError,
  ProjectTooNewError,
} from './project-errors';
import { fillDiskAfter } from '../files/testing/fault-fs';
import { ProjectStore } from './project-store';
import { makeProject, makeTempDir, removeTempDir } from './test-fixtures';

let root: string;
let dir: string;
const store = new ProjectStore();

beforeEach(async () => {
  root = await makeTempDir();
  dir = path.join(root, 'My Show');
});
afterEach(async () => {
  await removeTempDir(root);
});

const read = (name: string) => fs.readFile(path.join(dir, name), 'utf8');

describe('createProject', () => {
  it('makes the folder layout and a readable project.json', async () => {
    const project = makeProject('create');
    const opened = await store.createProject(dir, project);
    expect(opened).toMatchObject({
      dir,
      source: 'project',
      warnings: [],
      fromSchemaVersion: PROJECT_SCHEMA_VERSION,
    });
    expect(opened.project).toEqual(project);
    expect((await fs.readdir(dir)).sort()).toEqual(['autosave', 'exports', 'project.json', 'takes']);
    const text = await read('project.json');
    expect(text).toBe(`${JSON.stringify(project, null, 2)}\n`);
  });

  it('accepts an existing empty folder (or one with only OS junk)', async () => {
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, '.DS_Store'), '');
    await expect(store.createProject(dir, makeProject('a'))).resolves.toMatchObject({ source: 'project' });
  });

  it('refuses a folder with other files, and one that already holds a project', async () => {
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'notes.txt'), 'mine');
    await expect(store.createProject(dir, makeProject('a'))).rejects.toBeInstanceOf(ProjectDirNotEmptyError);
    expect(await fs.readdir(dir)).toEqual(['notes.txt']);

    const other = path.join(root, 'other');
    await store.createProject(other, makeProject('first'));
    const error = await store.createProject(other, makeProject('second')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectExistsError);
    expect((await store.openProject(other)).project.title).toBe('first #0');
  });

  it('makes only its own folder, never a missing tree above it', async () => {
    const deep = path.join(root, 'missing', 'deeper', 'Show');
    await expect(store.createProject(deep, makeProject('deep'))).rejects.toBeInstanceOf(
      ProjectParentMissingError,
    );
    await expect(fs.stat(path.join(root, 'missing'))).rejects.toThrow(/ENOENT/);
  });

  it('never writes an invalid project', async () => {
    const bad = { ...makeProject('bad'), sampleRate: 12.5 };
    const error = await store.createProject(dir, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectInvalidError);
    expect((error as Error).message).toMatch(/sampleRate/);
    await expect(fs.stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('saveProject and openProject', () => {
  it('round-trips, keeps the previous file as .bak and writes stable, schema-ordered JSON', async () => {
    await store.createProject(dir, makeProject('v', 1));
    const scrambled = Object.fromEntries(Object.entries(makeProject('v', 2)).reverse());
    await store.saveProject(dir, ProjectSchema.parse(scrambled));
    const text = await read('project.json');
    expect(text.split('\n').slice(0, 3)).toEqual(['{', '  "schemaVersion": 3,', '  "title": "v #2",']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(await read('project.json.bak')).title).toBe('v #1');
    expect((await store.openProject(dir)).project).toEqual(makeProject('v', 2));
    expect((await fs.readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('refuses to save an invalid project and leaves the file untouched', async () => {
    await store.createProject(dir, makeProject('v', 1));
    const before = await read('project.json');
    const bad = makeProject('v', 2);
    bad.segments[0]!.speakerId = 'nobody';
    await expect(store.saveProject(dir, bad)).rejects.toThrow(/speaker "nobody"/);
    expect(await read('project.json')).toBe(before);
  });

  it('runs concurrent saves of one folder one after another, last call wins', async () => {
    await store.createProject(dir, makeProject('c', 0));
    const other = new ProjectStore();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? store : other).saveProject(dir, makeProject('c', i + 1, 50)),
      ),
    );
    expect((await store.openProject(dir)).project).toEqual(makeProject('c', 20, 50));
    expect(JSON.parse(await read('project.json.bak')).title).toBe('c #19');
  });

  it('opens the backup when project.json is corrupt, says so, and keeps the damaged file', async () => {
    await store.createProject(dir, makeProject('b', 1));
    await store.saveProject(dir, makeProject('b', 2));
    await fs.writeFile(path.join(dir, 'project.json'), '{"schemaVersion": 1, "title": ');
    const opened = await store.openProject(dir);
    expect(opened.source).toBe('backup');
    expect(opened.project).toEqual(makeProject('b', 1));
    expect(opened.warnings.map((w) => w.code)).toEqual(['opened-backup', 'damaged-file-kept']);
    expect(opened.warnings[0]!.message).toMatch(/project\.json is damaged.*Opened project\.json\.bak/);
    const names = await fs.readdir(dir);
    const damaged = names.find((name) => name.startsWith('project.json.damaged-'));
    expect(damaged).toBeDefined();
    expect(names).not.toContain('project.json');

    // The next save must not back the damaged file up over the good backup.
    await store.saveProject(dir, makeProject('b', 3));
    expect(JSON.parse(await read('project.json.bak')).title).toBe('b #1');
  });

  it('opens the backup when project.json is missing', async () => {
    await store.createProject(dir, makeProject('m', 1));
    await store.saveProject(dir, makeProject('m', 2));
    await fs.rm(path.join(dir, 'project.json'));
    const opened = await store.openProject(dir);
    expect(opened).toMatchObject({ source: 'backup', project: makeProject('m', 1) });
    expect(opened.warnings[0]!.message).toMatch(/project\.json is missing/);
  });

  it('names the file and the position of corrupt JSON when there is no usable backup', async () => {
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'project.json'), '{\n  "schemaVersion": 1,\n  "title": "x",,\n}');
    const error = await store.openProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectFileCorruptError);
    const corrupt = error as ProjectFileCorruptError;
    expect(corrupt.file).toBe(path.join(dir, 'project.json'));
    expect(corrupt.position).toEqual({ offset: 39, line: 3, column: 16 });
    expect(corrupt.message).toContain(path.join(dir, 'project.json'));
    expect(corrupt.message).toMatch(/line 3, column 16/);
    expect(corrupt.toApiError()).toMatchObject({ code: 'project-corrupt' });
  });

  it('reports an empty (truncated) file as corrupt', async () => {
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'project.json'), '');
    await expect(store.openProject(dir)).rejects.toThrow(/project\.json is damaged: the file is empty/);
  });

  it('refuses a project from a newer schema, even with an older backup beside it', async () => {
    await store.createProject(dir, makeProject('n', 1));
    await store.saveProject(dir, makeProject('n', 2));
    const newer = { ...makeProject('n', 3), schemaVersion: PROJECT_SCHEMA_VERSION + 1 };
    await fs.writeFile(path.join(dir, 'project.json'), JSON.stringify(newer));
    const error = await store.openProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectTooNewError);
    expect((error as Error).message).toBe(
      `This project was saved by a newer Roundtable Studio (schema ${PROJECT_SCHEMA_VERSION + 1}; this version reads up to ${PROJECT_SCHEMA_VERSION}). Update the app to open it.`,
    );
    expect(JSON.parse(await read('project.json')).schemaVersion).toBe(PROJECT_SCHEMA_VERSION + 1);
  });

  it('migrates a schema-0 file, keeps the original, and reports it', async () => {
    await fs.mkdir(dir);
    const v0 = {
      title: 'Old show',
      sampleRate: 22050,
      speakers: [{ id: 'a', name: 'A', color: '#123456', voice: { engine: 'espeak', voice: 'en' } }],
      segments: [
        { id: 's1', speakerId: 'a', text: 'Hello.', gapBeforeSec: 0.25 },
        { id: 's2', speakerId: 'a', text: 'Again.', gapBeforeSec: 1.0005 },
      ],
      settings: { defaultGapSec: 0.4 },
    };
    const original = JSON.stringify(v0);
    await fs.writeFile(path.join(dir, 'project.json'), original);
    const opened = await store.openProject(dir);
    expect(opened.fromSchemaVersion).toBe(0);
    expect(opened.project.schemaVersion).toBe(PROJECT_SCHEMA_VERSION);
    expect(opened.project.segments.map((s) => s.gapBeforeMs)).toEqual([250, 1001]);
    expect(opened.project.settings.defaultGapMs).toBe(400);
    expect(opened.project.chapters).toEqual([]);
    expect(opened.warnings).toEqual([expect.objectContaining({ code: 'migrated' })]);
    expect(await read('project.v0.json')).toBe(original);
  });

  it('keeps the original of a migrated project whole or not at all (a full disk leaves no short copy)', async () => {
    await fs.mkdir(dir);
    const v0 = {
      title: 'Old show',
      sampleRate: 22050,
      speakers: [{ id: 'a', name: 'A', color: '#123456', voice: { engine: 'espeak', voice: 'en' } }],
      segments: [{ id: 's1', speakerId: 'a', text: 'Hello.', gapBeforeSec: 0.25 }],
      settings: { defaultGapSec: 0.4 },
    };
    const original = JSON.stringify(v0);
    await fs.writeFile(path.join(dir, 'project.json'), original);
    const disk = fillDiskAfter(dir, 0);
    const full = await store.openProject(dir).finally(() => disk.restore());
    expect(full.warnings).toEqual([
      expect.objectContaining({ code: 'migrated', message: expect.not.stringContaining('kept as') }),
    ]);
    expect((await fs.readdir(dir)).filter((name) => name.startsWith('project.v0'))).toEqual([]);
    expect(await fs.readdir(dir)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
    const later = await new ProjectStore().openProject(dir);
    expect(later.warnings).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('kept as project.v0.json') }),
    );
    expect(await read('project.v0.json')).toBe(original);
  });

  it('reports schema problems with their paths', async () => {
    await fs.mkdir(dir);
    const bad = makeProject('x');
    await fs.writeFile(path.join(dir, 'project.json'), JSON.stringify({ ...bad, sampleRate: 'fast' }));
    const error = await store.openProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectInvalidError);
    expect((error as ProjectInvalidError).issues[0]!.path).toBe('sampleRate');
  });

  it('says when there is no project at all', async () => {
    await expect(store.openProject(path.join(root, 'nowhere'))).rejects.toBeInstanceOf(ProjectNotFoundError);
    await fs.mkdir(dir);
    await expect(store.openProject(dir)).rejects.toBeInstanceOf(ProjectNotFoundError);
  });

  it('removes temp files left by dead writers, and only theirs', async () => {
    await store.createProject(dir, makeProject('t'));
    const deadPid = 2 ** 22 + 12345; // above Linux pid_max defaults
    const dead = `project.json.roundtable-${deadPid}-00000000000a.tmp`;
    const live = `project.json.roundtable-${process.pid}-00000000000b.tmp`;
    await fs.writeFile(path.join(dir, dead), '{"half');
    await fs.writeFile(path.join(dir, live), 'in flight');
    await fs.writeFile(path.join(dir, `notes.docx.tmp-${deadPid}-1`), 'not ours');
    await store.openProject(dir);
    const names = await fs.readdir(dir);
    expect(names).not.toContain(dead);
    expect(names).toContain(live);
    expect(names).toContain(`notes.docx.tmp-${deadPid}-1`);
  });

  it("touches nothing in a folder that is not a project, and in a project never a user's file", async () => {
    const deadPid = 2 ** 22 + 12346;
    await fs.mkdir(dir);
    const thesis = path.join(dir, `thesis.docx.tmp-${deadPid}-1`);
    await fs.writeFile(thesis, 'chapter one');
    await fs.writeFile(path.join(dir, `project.json.tmp-${deadPid}-2`), '{"half');
    await expect(store.openProject(dir)).rejects.toBeInstanceOf(ProjectNotFoundError);
    expect((await fs.readdir(dir)).sort()).toEqual([
      `project.json.tmp-${deadPid}-2`,
      `thesis.docx.tmp-${deadPid}-1`,
    ]);
    await fs.rm(path.join(dir, `project.json.tmp-${deadPid}-2`));
    const project = path.join(root, 'Show');
    await store.createProject(project, makeProject('t'));
    await fs.writeFile(path.join(project, `notes.txt.tmp-${deadPid}-3`), 'mine');
    await fs.writeFile(path.join(project, 'autosave', `draft.tmp-${deadPid}-4`), 'mine too');
    await store.openProject(project);
    expect(await fs.readdir(project)).toContain(`notes.txt.tmp-${deadPid}-3`);
    expect(await fs.readdir(path.join(project, 'autosave'))).toContain(`draft.tmp-${deadPid}-4`);
    expect(await fs.readFile(thesis, 'utf8')).toBe('chapter one');
  });
});
