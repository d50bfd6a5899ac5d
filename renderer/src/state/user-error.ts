/** Errors as the user sees them: what happened and what to do next. */
export interface UserError {
  message: string;
  hint?: string | undefined;
  code?: string | undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.trim() !== '' ? field : undefined;
}

/**
 * Reads `message`, `hint` and `code` from whatever was thrown (an ApiError, an Error carrying them, a
 * string), and supplies a hint when the thrower gave none.
 */
export function toUserError(error: unknown, fallbackHint?: string): UserError {
  const nested =
    typeof error === 'object' && error !== null ? (error as { error?: unknown }).error : undefined;
  const source = stringField(error, 'message') ? error : (nested ?? error);
  const message =
    stringField(source, 'message') ??
    (typeof error === 'string' && error.trim() ? error : 'Something went wrong.');
  const hint =
    stringField(source, 'hint') ??
    stringField(error, 'hint') ??
    fallbackHint ??
    'Try again. If it keeps happening, save your work and restart Roundtable.';
  return { message, hint, code: stringField(source, 'code') ?? stringField(error, 'code') };
}
