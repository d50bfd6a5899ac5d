/** Where the fake sidecar lives, and a command line that runs it with this Node. */
import { fileURLToPath } from 'node:url';

export const FAKE_SIDECAR = fileURLToPath(new URL('./fake-sidecar.mjs', import.meta.url));

/** `[node, fake-sidecar.mjs, --port, {port}, --model, {model}, ...extra]` for a sidecar definition. */
export function fakeSidecarCommand(extra: string[] = []): string[] {
  return [process.execPath, FAKE_SIDECAR, '--port', '{port}', '--model', '{model}', ...extra];
}
