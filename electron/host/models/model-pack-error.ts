/** Typed errors of the model packs: a stable code, the file concerned, and what the user can do. */
import { HostError } from '../host-error';

export type ModelPackErrorCode =
  | 'not-a-directory'
  | 'not-a-pack'
  | 'ambiguous-pack'
  | 'vocab-missing'
  | 'voices-invalid'
  | 'config-invalid'
  | 'pack-exists'
  | 'pack-not-found'
  | 'manifest-invalid'
  | 'file-missing'
  | 'file-corrupt'
  | 'file-mismatch'
  | 'model-mismatch'
  | 'model-unloadable'
  | 'outside-pack';

/** One thing wrong with a pack. */
export interface PackProblem {
  code: ModelPackErrorCode;
  /** Pack-relative (installed packs) or absolute (import sources) path of the file concerned. */
  file?: string;
  message: string;
}

export class ModelPackError extends HostError {
  constructor(
    override readonly code: ModelPackErrorCode,
    message: string,
    hint?: string,
    readonly file?: string,
    /** Every problem found, when a check found several (verify). */
    readonly problems: PackProblem[] = [{ code, message, ...(file ? { file } : {}) }],
  ) {
    super(code, message, hint);
    this.name = 'ModelPackError';
  }
}

export const REIMPORT_HINT =
  'Re-import the pack from the folder you downloaded: roundtable models import <folder> --replace';
