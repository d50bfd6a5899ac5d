/** A sidecar's state and memory in Settings → Engines, in words (the Resources panel shows the same memory). */
import type { ServerEngineView } from '../../../../shared/api/engines-api';
import { formatBytes } from '../../util/format';

type SidecarView = NonNullable<ServerEngineView['sidecar']>;

const STATE_WORDS: Record<string, string> = {
  stopped: 'stopped (starts when a turn renders with it)',
  starting: 'starting: loading its model…',
  ready: 'ready',
  stopping: 'stopping…',
  crashed: 'crashed (restarts at the next request)',
  failed: 'failed: gave up restarting it',
};

export function sidecarStateText(sidecar: SidecarView): string {
  const words = STATE_WORDS[sidecar.state] ?? sidecar.state;
  return sidecar.pid != null && sidecar.state !== 'stopped' ? `${words} · pid ${sidecar.pid}` : words;
}

/** Whether the state is one the user should look at (shown in the error colour). */
export function sidecarStateIsBad(sidecar: SidecarView): boolean {
  return sidecar.state === 'crashed' || sidecar.state === 'failed';
}

/** Its memory now where it runs, and what it is expected to take once loaded. */
export function sidecarMemoryText(sidecar: SidecarView): string {
  const MIB = 1024 * 1024;
  const expected = [
    sidecar.expectedGpuMiB ? `GPU ${formatBytes(sidecar.expectedGpuMiB * MIB)}` : null,
    sidecar.expectedRamMiB ? `RAM ${formatBytes(sidecar.expectedRamMiB * MIB)}` : null,
  ].filter((part): part is string => part !== null);
  const expectedText = expected.length > 0 ? `expected ${expected.join(' · ')}` : 'no expected memory given';
  if (sidecar.pid == null) return expectedText;
  const now = [
    sidecar.gpuBytes != null && sidecar.gpuBytes > 0 ? `GPU ${formatBytes(sidecar.gpuBytes)}` : null,
    sidecar.rssBytes != null ? `RAM ${formatBytes(sidecar.rssBytes)}` : null,
  ].filter((part): part is string => part !== null);
  return `${now.length > 0 ? `uses ${now.join(' · ')}` : 'memory not measured yet'} (${expectedText})`;
}
