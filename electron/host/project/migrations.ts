/**
 * Forward migrations of project.json. `PROJECT_MIGRATIONS.get(n)` turns a schema-n document into schema n+1;
 * `migrateProjectData` chains them up to PROJECT_SCHEMA_VERSION. Migrations work on plain JSON (the old
 * shape has no zod schema any more) and never mutate their input. Validation against ProjectSchema happens
 * after the last step.
 */
import { PROJECT_SCHEMA_VERSION } from '../../../shared/model/project';
import { ProjectInvalidError, ProjectMigrationError, ProjectTooNewError } from './project-errors';

export type JsonObject = Record<string, unknown>;
export type Migration = (document: JsonObject) => JsonObject;

/** Thrown inside a migration for input it cannot convert; becomes a ProjectMigrationError. */
export class MigrationInputError extends Error {}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function secondsToMs(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new MigrationInputError(`${where} is ${JSON.stringify(value)}, not a number of seconds`);
  }
  return Math.round(value * 1000);
}

/**
 * Schema 0 (the prototype's format, which had no `schemaVersion` field) kept pauses as float seconds:
 * `segments[].gapBeforeSec` and `settings.defaultGapSec`, and could omit `chapters` and `settings`.
 * Schema 1 keeps integer milliseconds (`gapBeforeMs`, `defaultGapMs`) and always has both arrays.
 */
export function migrateV0ToV1(document: JsonObject): JsonObject {
  const settingsIn = isObject(document.settings) ? document.settings : {};
  const { defaultGapSec, ...settingsRest } = settingsIn;
  const settings: JsonObject = { ...settingsRest };
  if (defaultGapSec !== undefined)
    settings.defaultGapMs = secondsToMs(defaultGapSec, 'settings.defaultGapSec');

  const segmentsIn = document.segments;
  if (segmentsIn !== undefined && !Array.isArray(segmentsIn)) {
    throw new MigrationInputError('segments is not a list');
  }
  const segments = (segmentsIn ?? []).map((segment: unknown, index: number) => {
    if (!isObject(segment)) return segment;
    const { gapBeforeSec, ...rest } = segment;
    if (gapBeforeSec === undefined) return { ...rest };
    return { ...rest, gapBeforeMs: secondsToMs(gapBeforeSec, `segments[${index}].gapBeforeSec`) };
  });

  const { schemaVersion: _old, ...rest } = document;
  return {
    schemaVersion: 1,
    ...rest,
    segments,
    chapters: document.chapters ?? [],
    settings,
  };
}

/**
 * Schema 2 lets a speaker have a `language` (BCP 47). Existing speakers get none, which means "the
 * language of the voice" (shared/model/voice-languages.ts `speakerLanguage`), so that a voice changed later
 * never leaves a stale language behind; the step checks the speakers list and moves the version on.
 */
export function migrateV1ToV2(document: JsonObject): JsonObject {
  if (document.speakers !== undefined && !Array.isArray(document.speakers)) {
    throw new MigrationInputError('speakers is not a list');
  }
  return { ...document, schemaVersion: 2 };
}

/**
 * Schema 3 adds optional fields only (nothing to convert): reference clips (`clips`, `voice.clip`), beds and
 * episode details (`beds`, `settings.episode`), a turn's seed, CFG scale, steps and its place on the
 * timeline (`overlapMs`, trims, fades), a take's seed and QA note. The version moves so that an older
 * studio says "written by a newer Roundtable Studio" instead of failing on a field it does not know.
 */
export function migrateV2ToV3(document: JsonObject): JsonObject {
  if (document.segments !== undefined && !Array.isArray(document.segments)) {
    throw new MigrationInputError('segments is not a list');
  }
  return { ...document, schemaVersion: 3 };
}

export const PROJECT_MIGRATIONS: ReadonlyMap<number, Migration> = new Map<number, Migration>([
  [0, migrateV0ToV1],
  [1, migrateV1ToV2],
  [2, migrateV2ToV3],
]);

export interface MigrationResult {
  document: JsonObject;
  fromVersion: number;
  toVersion: number;
}

export interface MigrateOptions {
  /** Named in error messages. */
  file: string;
  targetVersion?: number;
  migrations?: ReadonlyMap<number, Migration>;
}

/** The schema version a document declares; documents without the field are schema 0. */
export function schemaVersionOf(document: JsonObject, file: string): number {
  const version = document.schemaVersion;
  if (version === undefined) return 0;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) {
    throw new ProjectInvalidError(file, [
      { path: 'schemaVersion', message: `expected a whole number, found ${JSON.stringify(version)}` },
    ]);
  }
  return version;
}

/** Brings a parsed project.json up to `targetVersion`; refuses documents from a newer app. */
export function migrateProjectData(data: unknown, options: MigrateOptions): MigrationResult {
  const { file, targetVersion = PROJECT_SCHEMA_VERSION, migrations = PROJECT_MIGRATIONS } = options;
  if (!isObject(data)) {
    throw new ProjectInvalidError(file, [{ path: '', message: 'expected a JSON object' }]);
  }
  const fromVersion = schemaVersionOf(data, file);
  if (fromVersion > targetVersion) throw new ProjectTooNewError(file, fromVersion, targetVersion);
  let document = data;
  for (let version = fromVersion; version < targetVersion; version += 1) {
    const step = migrations.get(version);
    if (step === undefined) {
      throw new ProjectMigrationError(
        file,
        fromVersion,
        `this version has no upgrade from schema ${version}`,
      );
    }
    try {
      document = step(document);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new ProjectMigrationError(file, fromVersion, detail, { cause: error });
    }
    if (document.schemaVersion !== version + 1) {
      throw new ProjectMigrationError(
        file,
        fromVersion,
        `the upgrade from schema ${version} did not reach ${version + 1}`,
      );
    }
  }
  return { document, fromVersion, toVersion: targetVersion };
}
