/**
 * Typed errors of the project store. Every one carries a stable `code` (the StudioApi `ApiError.code`), a
 * message saying what happened and a `hint` saying what the user can do about it.
 */
import type { ApiError } from '../../../shared/api/studio-api';

export type ProjectErrorCode =
  | 'project-not-found'
  | 'project-corrupt'
  | 'project-invalid'
  | 'project-too-new'
  | 'project-migration-failed'
  | 'project-dir-not-empty'
  | 'project-exists'
  | 'project-parent-missing'
  | 'project-not-open'
  | 'project-io'
  | 'unsafe-path';

export abstract class ProjectError extends Error {
  abstract readonly code: ProjectErrorCode;
  readonly hint: string;

  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

export class ProjectNotFoundError extends ProjectError {
  readonly code = 'project-not-found';
  constructor(readonly dir: string) {
    super(
      `No Roundtable project in ${dir}: project.json is missing and there is no usable backup.`,
      'Choose the folder that contains project.json, or create a new project.',
    );
  }
}

/** Where in a file a JSON syntax error sits (0-based offset, 1-based line and column). */
export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

export class ProjectFileCorruptError extends ProjectError {
  readonly code = 'project-corrupt';
  constructor(
    readonly file: string,
    readonly position: TextPosition,
    readonly detail: string,
  ) {
    super(
      `${file} is damaged: ${detail} at line ${position.line}, column ${position.column} (position ${position.offset}).`,
      'Restore the file from project.json.bak or a backup copy, or fix it in a text editor.',
    );
  }
}

export interface SchemaIssue {
  path: string;
  message: string;
}

export class ProjectInvalidError extends ProjectError {
  readonly code = 'project-invalid';
  constructor(
    readonly file: string | undefined,
    readonly issues: readonly SchemaIssue[],
  ) {
    const shown = issues
      .slice(0, 5)
      .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    super(
      `${file ?? 'The project'} does not match the project format: ${shown}${more}.`,
      file === undefined
        ? 'This is a bug in the app: the project was not saved. Please report it with the message above.'
        : 'Restore the file from project.json.bak or a backup copy, or fix the named fields in a text editor.',
    );
  }
}

export class ProjectTooNewError extends ProjectError {
  readonly code = 'project-too-new';
  constructor(
    readonly file: string,
    readonly fileSchemaVersion: number,
    readonly supportedSchemaVersion: number,
  ) {
    super(
      `This project was saved by a newer Roundtable Studio (schema ${fileSchemaVersion}; this version reads up to ${supportedSchemaVersion}). Update the app to open it.`,
      'Install the latest Roundtable Studio; the file has not been changed.',
    );
  }
}

export class ProjectMigrationError extends ProjectError {
  readonly code = 'project-migration-failed';
  constructor(
    readonly file: string,
    readonly fromVersion: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${file} could not be upgraded from schema ${fromVersion}: ${detail}.`,
      'The file has not been changed. Please report this with the file attached.',
      options,
    );
  }
}

export class ProjectDirNotEmptyError extends ProjectError {
  readonly code = 'project-dir-not-empty';
  constructor(readonly dir: string) {
    super(
      `${dir} already holds other files and is not a Roundtable project.`,
      'Choose an empty folder or a new folder name for the project.',
    );
  }
}

export class ProjectParentMissingError extends ProjectError {
  readonly code = 'project-parent-missing';
  constructor(
    readonly dir: string,
    readonly parent: string,
  ) {
    super(
      `Cannot create the project folder ${dir}: the folder ${parent} does not exist.`,
      'Choose a folder that exists; a new project makes only its own folder.',
    );
  }
}

export class ProjectExistsError extends ProjectError {
  readonly code = 'project-exists';
  constructor(readonly dir: string) {
    super(`${dir} already holds a Roundtable project.`, 'Open it instead, or choose another folder.');
  }
}

export class ProjectIoError extends ProjectError {
  readonly code = 'project-io';
  constructor(
    readonly file: string,
    readonly operation: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Could not ${operation} ${file}: ${reason}`,
      'Check that the disk is connected and not full and that you may write to the folder; close other programs that may hold the file open, then try again.',
      { cause },
    );
  }
}

export class UnsafePathError extends ProjectError {
  readonly code = 'unsafe-path';
  constructor(
    readonly relativePath: string,
    reason: string,
  ) {
    super(
      `Refused the path ${JSON.stringify(relativePath)}: ${reason}.`,
      'Use a plain file name inside the project folder.',
    );
  }
}
