/** Why a reference clip cannot be imported or used: a stable code, what happened, and what to do. */
import { HostError } from '../host-error';

export type ClipErrorCode =
  | 'clip-too-large'
  | 'clip-unreadable'
  | 'clip-not-finite'
  | 'clip-silent'
  | 'clip-too-short'
  | 'clip-too-long'
  | 'clip-bad-trim'
  | 'clip-not-found'
  | 'clip-consent-missing'
  | 'clip-in-use'
  | 'clip-unsupported';

export class ClipError extends HostError {
  constructor(
    override readonly code: ClipErrorCode,
    message: string,
    hint?: string,
  ) {
    super(code, message, hint);
    this.name = 'ClipError';
  }
}
