/** What opening a project gives back (the project, where it came from, warnings, recovered edits). */
import type { Project } from '../../../shared/model/project';
import type { RetryOptions } from './fs-retry';

export type OpenSource = 'project' | 'backup' | 'autosave';

export type ProjectWarningCode =
  'opened-backup' | 'opened-autosave' | 'damaged-file-kept' | 'migrated' | 'in-use' | 'autosave-unreadable';

export interface ProjectWarning {
  code: ProjectWarningCode;
  message: string;
}

/** Unsaved edits found in autosave/ after a session that did not close cleanly. */
export interface RecoveredAutosave {
  project: Project;
  /** When the autosave was written (file modification time). */
  savedAtMs: number;
  file: string;
}

export interface OpenedProject {
  /** Absolute project folder. */
  dir: string;
  project: Project;
  /** Which file the project came from: project.json, its backup, or (both unusable) the autosave. */
  source: OpenSource;
  /** Schema version of the file read; lower than PROJECT_SCHEMA_VERSION when it was upgraded. */
  fromSchemaVersion: number;
  /** Things the user should be told (opened from backup, upgraded, open elsewhere, ...). */
  warnings: ProjectWarning[];
  /** Offer "Restore unsaved changes from <savedAtMs>?" when present. */
  recovered?: RecoveredAutosave;
}

export interface ProjectStoreOptions {
  /** Windows lock retries (tests inject a fake platform or sleep). */
  retry?: RetryOptions;
}
