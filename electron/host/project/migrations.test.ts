import { describe, expect, it } from 'vitest';
import { PROJECT_SCHEMA_VERSION, ProjectSchema } from '../../../shared/model/project';
import { speakerLanguage } from '../../../shared/model/voice-languages';
import {
  migrateProjectData,
  migrateV0ToV1,
  migrateV1ToV2,
  migrateV2ToV3,
  PROJECT_MIGRATIONS,
  type Migration,
} from './migrations';
import { ProjectInvalidError, ProjectMigrationError, ProjectTooNewError } from './project-errors';

const v0 = {
  title: 'Prototype episode',
  sampleRate: 24000,
  speakers: [{ id: 'a', name: 'Ann', color: '#aa0000', voice: { engine: 'espeak', voice: 'en' } }],
  segments: [
    { id: 's1', speakerId: 'a', text: 'Hi.', gapBeforeSec: 0 },
    { id: 's2', speakerId: 'a', text: 'Then.', gapBeforeSec: 0.3335 },
    { id: 's3', speakerId: 'a', text: 'Later.', gapBeforeSec: 2 },
  ],
  settings: { defaultGapSec: 0.35, loudnessTargetLufs: -19 },
};

describe('migrateV0ToV1', () => {
  it('turns float seconds into integer milliseconds and fills the new arrays', () => {
    const input = structuredClone(v0);
    const v1 = migrateV0ToV1(input);
    expect(input).toEqual(v0); // not mutated
    expect(v1.schemaVersion).toBe(1);
    const project = ProjectSchema.parse(migrateV2ToV3(migrateV1ToV2(v1)));
    expect(project.segments.map((s) => s.gapBeforeMs)).toEqual([0, 334, 2000]);
    expect(project.settings).toEqual({ defaultGapMs: 350, loudnessTargetLufs: -19, pronunciations: [] });
    expect(project.chapters).toEqual([]);
    expect(JSON.stringify(project)).not.toMatch(/Sec/);
  });

  it('names the segment whose pause it cannot read', () => {
    const bad = structuredClone(v0);
    (bad.segments[1] as Record<string, unknown>).gapBeforeSec = 'soon';
    expect(() => migrateV0ToV1(bad)).toThrow(/segments\[1\]\.gapBeforeSec is "soon"/);
  });
});

describe('migrateV2ToV3', () => {
  it('moves a schema-2 document on unchanged apart from its version, and checks its segments', () => {
    const v2 = migrateV1ToV2(migrateV0ToV1(v0));
    const v3 = migrateV2ToV3(v2);
    expect(v3).toEqual({ ...v2, schemaVersion: 3 });
    expect(ProjectSchema.safeParse(v3).success).toBe(true);
    expect(() => migrateV2ToV3({ ...v2, segments: 'x' })).toThrow(/segments is not a list/);
  });
});

describe('migrateV1ToV2', () => {
  it('moves a schema-1 file to 2; speakers keep their voice language unless they name one', () => {
    const v1 = {
      ...migrateV0ToV1(v0),
      speakers: [
        { id: 'a', name: 'Ann', color: '#aa0000', voice: { engine: 'espeak', voice: 'cmn+f3' } },
        {
          id: 'd',
          name: 'Di',
          color: '#0000aa',
          voice: { engine: 'espeak', voice: 'de' },
          language: 'de-AT',
        },
      ],
    };
    const input = structuredClone(v1);
    const v2 = migrateV1ToV2(v1);
    expect(v1).toEqual(input); // not mutated
    expect(v2.schemaVersion).toBe(2);
    const project = ProjectSchema.parse(migrateV2ToV3(v2));
    expect(project.speakers.map((s) => s.language)).toEqual([undefined, 'de-AT']);
    expect(speakerLanguage(project.speakers[0]!)).toBe('cmn');
    expect(speakerLanguage(project.speakers[1]!)).toBe('de-AT');
    expect(() => migrateV1ToV2({ ...v1, speakers: 'x' })).toThrow(/speakers is not a list/);
  });

  it('refuses a language that is not a BCP 47 tag', () => {
    const v2 = migrateV1ToV2(migrateV0ToV1(v0));
    const speakers = (v2.speakers as Record<string, unknown>[]).map((s) => ({ ...s, language: 'Chinese!' }));
    expect(ProjectSchema.safeParse({ ...v2, speakers }).success).toBe(false);
  });
});

describe('migrateProjectData', () => {
  it('treats a file without schemaVersion as schema 0 and brings it to the current schema', () => {
    const result = migrateProjectData(v0, { file: 'p.json' });
    expect(result.fromVersion).toBe(0);
    expect(result.toVersion).toBe(PROJECT_SCHEMA_VERSION);
    expect(ProjectSchema.safeParse(result.document).success).toBe(true);
  });

  it('leaves a current file alone', () => {
    const current = { ...migrateV2ToV3(migrateV1ToV2(migrateV0ToV1(v0))) };
    expect(migrateProjectData(current, { file: 'p.json' })).toEqual({
      document: current,
      fromVersion: PROJECT_SCHEMA_VERSION,
      toVersion: PROJECT_SCHEMA_VERSION,
    });
  });

  it('chains steps N -> N+1 in order', () => {
    const trail: number[] = [];
    const step =
      (n: number): Migration =>
      (doc) => {
        trail.push(n);
        return { ...doc, schemaVersion: n + 1 };
      };
    const registry = new Map([0, 1, 2].map((n) => [n, step(n)]));
    const result = migrateProjectData(
      { schemaVersion: 0 },
      { file: 'p.json', targetVersion: 3, migrations: registry },
    );
    expect(trail).toEqual([0, 1, 2]);
    expect(result.document.schemaVersion).toBe(3);
  });

  it('refuses newer files, odd versions, non-objects, gaps and broken steps with typed errors', () => {
    expect(() =>
      migrateProjectData({ schemaVersion: PROJECT_SCHEMA_VERSION + 2 }, { file: 'p.json' }),
    ).toThrow(ProjectTooNewError);
    expect(() => migrateProjectData({ schemaVersion: 1.5 }, { file: 'p.json' })).toThrow(ProjectInvalidError);
    expect(() => migrateProjectData([1, 2], { file: 'p.json' })).toThrow(ProjectInvalidError);
    expect(() =>
      migrateProjectData(
        { schemaVersion: 0 },
        { file: 'p.json', targetVersion: PROJECT_SCHEMA_VERSION + 1, migrations: PROJECT_MIGRATIONS },
      ),
    ).toThrow(new RegExp(`no upgrade from schema ${PROJECT_SCHEMA_VERSION}`));
    const wrong = new Map<number, Migration>([[0, (doc) => ({ ...doc })]]);
    expect(() => migrateProjectData({}, { file: 'p.json', targetVersion: 1, migrations: wrong })).toThrow(
      ProjectMigrationError,
    );
  });
});
