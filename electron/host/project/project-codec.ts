/**
 * project.json text <-> Project. Reading parses, migrates forward and validates; writing validates and
 * prints stable JSON (2-space indent, keys in schema order, trailing newline) so diffs stay readable.
 */
import type * as z from 'zod';
import { ProjectSchema, type Project } from '../../../shared/model/project';
import { findJsonSyntaxProblem, positionAt } from './json-position';
import { migrateProjectData } from './migrations';
import { ProjectFileCorruptError, ProjectInvalidError, type SchemaIssue } from './project-errors';

export interface DecodedProject {
  project: Project;
  /** Schema version found in the file (lower than the current one when it was migrated). */
  fromVersion: number;
}

export function schemaIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
      .join('')
      .replace(/^\./, ''),
    message: issue.message,
  }));
}

/** Parses JSON text, throwing ProjectFileCorruptError with the file and the position of the damage. */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const problem = findJsonSyntaxProblem(body);
    const fromMessage = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const offset = problem?.offset ?? Number(fromMessage?.[1] ?? 0);
    const detail = problem?.detail ?? (error instanceof Error ? error.message : 'not valid JSON');
    throw new ProjectFileCorruptError(file, positionAt(body, offset), detail);
  }
}

/** Validates a current-schema project; `file` is named in the error (omit it for in-memory data). */
export function validateProject(data: unknown, file?: string): Project {
  const result = ProjectSchema.safeParse(data);
  if (!result.success) throw new ProjectInvalidError(file, schemaIssues(result.error));
  return result.data;
}

/** project.json text to a current Project: parse, migrate forward, validate. */
export function decodeProject(text: string, file: string): DecodedProject {
  const data = parseJsonText(text, file);
  const { document, fromVersion } = migrateProjectData(data, { file });
  return { project: validateProject(document, file), fromVersion };
}

/** A project as stable project.json text. Throws ProjectInvalidError (and writes nothing) if it is invalid. */
export function encodeProject(project: unknown): string {
  return `${JSON.stringify(validateProject(project), null, 2)}\n`;
}
