import { HostError } from '../host-error';
import type { HealthAnswer } from './health-probe';
import { describeHealthAnswer } from './health-probe';

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

/** A start that never became healthy: what the health path answered, what it printed last, what to try. */
export function loadTimeoutError(
  definition: { name: string; healthPath: string; loadTimeoutS: number },
  lastAnswer: HealthAnswer | null,
  said: string,
): SidecarError {
  const { name, healthPath, loadTimeoutS: seconds } = definition;
  const answer = describeHealthAnswer(lastAnswer);
  const message = `${name} did not become ready within its ${seconds} s load timeout (GET ${healthPath}: ${answer}), so it was stopped. ${said ? `Its last output: ${said}` : 'It printed nothing.'}`;
  return new SidecarError(
    'sidecar-load-timeout',
    message,
    `A model stuck loading (VibeVoice's "Loading diffusion model") does not finish by waiting. Try: a longer load timeout if it was still making progress (--load-timeout ${seconds * 2}); a smaller model (VibeVoice-1.5B instead of 7B, or a Q8 GGUF package); and read the output above for the cause (out of memory, a missing file).`,
  );
}

/** Past the restart policy: not started again until reset. */
export function gaveUpError(
  name: string,
  policy: { maxRestarts: number; windowMs: number },
  lastError: string | null,
): SidecarError {
  const minutes = Math.round(policy.windowMs / 60_000);
  const reason = `${name} crashed or failed to start ${policy.maxRestarts + 1} times within ${minutes} minute${minutes === 1 ? '' : 's'}; it is not started again. Last: ${lastError ?? 'unknown'}`;
  return new SidecarError(
    'sidecar-gave-up',
    reason,
    `Run the command in a terminal to see why it fails, fix it, then test the engine again (roundtable engines test ${name}).`,
  );
}
