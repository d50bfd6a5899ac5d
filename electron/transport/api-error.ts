/**
 * What a StudioApi call answers with when its handler threw: typed host errors keep their code, message
 * and hint; anything else becomes `internal`, naming the method (never a stack trace).
 */
import type { ApiError } from '../../shared/api/studio-api';
import { toApiError } from '../../shared/api/to-api-error';

export function callError(error: unknown, method: string): ApiError {
  return toApiError(error, (detail) => ({
    code: 'internal',
    message: `${method} failed: ${detail}`,
    hint: 'This is a bug in Roundtable Studio; the log has the details. Try again, or restart the app.',
  }));
}
