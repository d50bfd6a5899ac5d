import { HostError } from '../host-error';

export type SidecarErrorCode =
  | 'sidecar-load-timeout'
  | 'sidecar-start-failed'
  | 'sidecar-gave-up'
  | 'sidecar-stopped'
  | 'sidecar-not-found';

/** A sidecar that could not serve: what happened (with what it printed last) and what to try. */
export class SidecarError extends HostError {
  constructor(
    override readonly code: SidecarErrorCode,
    message: string,
    hint?: string,
  ) {
    super(code, message, hint);
    this.name = 'SidecarError';
  }
}
