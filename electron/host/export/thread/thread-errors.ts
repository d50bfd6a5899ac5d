/**
 * Errors across a thread boundary. Structured cloning keeps an error's message but not its class or fields,
 * and the host maps errors by both (toApiError reads `code` and `hint`; the CLI tells an OutputPathError
 * from a crash; tests expect a DiskFullError): the thread sends a plain record, the host builds the error
 * again, with the same message.
 */
import { HostError } from '../../host-error';
import { DiskFullError } from '../../files/write-errors';
import { OutputPathError } from '../output-guard';

export interface ThreadError {
  name: string;
  message: string;
  code?: string;
  hint?: string;
  stack?: string;
  /** DiskFullError's fields. */
  diskFull?: { file: string; neededBytes: number | null; freeBytes: number | null };
  /** OutputPathError's output. */
  output?: string;
}

export function toThreadError(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & { code?: unknown; hint?: unknown };
  const record: ThreadError = {
    name: error.name,
    message: error.message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.hint === 'string' ? { hint: fields.hint } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
  if (error instanceof DiskFullError) {
    record.diskFull = { file: error.file, neededBytes: error.neededBytes, freeBytes: error.freeBytes };
  }
  if (error instanceof OutputPathError) record.output = error.output;
  return record;
}

export function fromThreadError(record: ThreadError): Error {
  const error = rebuild(record);
  if (record.stack) error.stack = record.stack;
  return error;
}

function rebuild(record: ThreadError): Error {
  if (record.diskFull) {
    const { file, neededBytes, freeBytes } = record.diskFull;
    return new DiskFullError(file, neededBytes, freeBytes);
  }
  if (record.output !== undefined && (record.code === 'output-conflict' || record.code === 'output-folder')) {
    return new OutputPathError(record.code, record.output, record.message, record.hint ?? '');
  }
  if (record.code !== undefined && record.name === 'HostError') {
    return new HostError(record.code, record.message, record.hint);
  }
  // Anything else keeps its name, message, code and hint (what toApiError and the CLI read).
  const error = new Error(record.message);
  error.name = record.name;
  if (record.code !== undefined) Object.assign(error, { code: record.code });
  if (record.hint !== undefined) Object.assign(error, { hint: record.hint });
  return error;
}
