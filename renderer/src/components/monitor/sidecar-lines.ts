/** One line per managed sidecar (local speech server) for the Resources panel, beside the worker's memory. */
import type { ResourceSnapshot } from '../../../../shared/api/studio-api';
import { formatBytes } from '../../util/format';

export function sidecarLines(snapshot: ResourceSnapshot): { name: string; text: string }[] {
  return (snapshot.sidecars ?? []).map((sidecar) => {
    if (!sidecar.running) return { name: sidecar.name, text: `Server ${sidecar.name}: stopped` };
    const parts = [
      sidecar.gpuBytes !== null && sidecar.gpuBytes > 0 ? `GPU ${formatBytes(sidecar.gpuBytes)}` : null,
      sidecar.rssBytes !== null ? `RAM ${formatBytes(sidecar.rssBytes)}` : null,
    ].filter((part): part is string => part !== null);
    return {
      name: sidecar.name,
      text: `Server ${sidecar.name}: ${parts.length > 0 ? parts.join(' · ') : 'running (memory cannot be read here)'}`,
    };
  });
}
