import { describe, expect, it } from 'vitest';
import { sidecarMemoryText, sidecarStateIsBad, sidecarStateText } from './sidecar-status';

const MIB = 1024 * 1024;
const base = { command: 'server --port {port}', state: 'stopped', expectedGpuMiB: 1500, expectedRamMiB: 0 };

describe('sidecar status in Settings → Engines', () => {
  it('names the state, the pid while it runs, and the last failure as bad', () => {
    expect(sidecarStateText(base)).toBe('stopped (starts when a turn renders with it)');
    expect(sidecarStateText({ ...base, state: 'ready', pid: 4242 })).toBe('ready · pid 4242');
    expect(sidecarStateText({ ...base, state: 'starting', pid: 7 })).toBe(
      'starting: loading its model… · pid 7',
    );
    expect(sidecarStateIsBad({ ...base, state: 'crashed' })).toBe(true);
    expect(sidecarStateIsBad({ ...base, state: 'failed' })).toBe(true);
    expect(sidecarStateIsBad({ ...base, state: 'ready' })).toBe(false);
  });

  it('shows its memory by pid beside what it is expected to take', () => {
    expect(sidecarMemoryText(base)).toBe('expected GPU 1.5 GB');
    expect(sidecarMemoryText({ ...base, expectedGpuMiB: 0 })).toBe('no expected memory given');
    expect(
      sidecarMemoryText({ ...base, state: 'ready', pid: 1, gpuBytes: 1200 * MIB, rssBytes: 48 * MIB }),
    ).toBe('uses GPU 1.2 GB · RAM 48 MB (expected GPU 1.5 GB)');
    expect(sidecarMemoryText({ ...base, state: 'starting', pid: 1, gpuBytes: null, rssBytes: null })).toBe(
      'memory not measured yet (expected GPU 1.5 GB)',
    );
  });
});
