import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ResourceSnapshot } from '../../../../shared/api/studio-api';
import { openStudio } from '../../testing/studio-harness';
import { ResourceMonitor } from './ResourceMonitor';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** A 16 GB machine with 4 GB free, its worker at 1.5 GB, and an 8 GB GPU with 2 GB free. */
function snapshot(extra: Partial<ResourceSnapshot> = {}): ResourceSnapshot {
  return {
    atMs: Date.UTC(2026, 11, 7, 9, 30, 0),
    ram: { totalBytes: 16 * GB, freeBytes: 4 * GB },
    gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 3070', totalBytes: 8 * GB, freeBytes: 2 * GB }],
    workerRssBytes: 1.5 * GB,
    pressure: 'elevated',
    ...extra,
  };
}

async function monitor(options: Parameters<typeof openStudio>[0] = {}) {
  const harness = await openStudio(options);
  await harness.show(<ResourceMonitor />);
  return harness;
}

describe('ResourceMonitor', () => {
  it('waits for the host when it has no reading yet', async () => {
    await monitor({
      api: { failures: { getResources: { code: 'internal', message: 'not yet' } } },
    });
    expect(screen.getByTestId('resource-monitor').textContent).toContain(
      'Waiting for the first reading from the studio host…',
    );
    expect(screen.queryByTestId('gauge-ram')).toBeNull();
  });

  it('shows RAM and GPU memory in use, the worker and the pressure from the latest reading', async () => {
    const { api } = await monitor();
    act(() => api.emit('onResources', snapshot()));
    expect(screen.getByTestId('pressure').textContent).toBe('elevated');
    const ram = screen.getByTestId('gauge-ram');
    expect(ram.querySelector('.gauge__value')?.textContent).toBe('75%');
    expect(ram.querySelector('.gauge__detail')?.textContent).toBe('12.0 GB of 16.0 GB · worker 1.5 GB');
    const gpu = screen.getByTestId('gauge-gpu');
    expect(within(gpu).getByText('GPU 0')).toBeTruthy();
    expect(gpu.querySelector('.gauge__value')?.textContent).toBe('75%');
    expect(gpu.querySelector('.gauge__detail')?.textContent).toBe(
      'NVIDIA GeForce RTX 3070 · 6.0 GB of 8.0 GB',
    );

    act(() =>
      api.emit(
        'onResources',
        snapshot({
          ram: { totalBytes: 16 * GB, freeBytes: GB },
          workerRssBytes: null,
          pressure: 'critical',
        }),
      ),
    );
    expect(screen.getByTestId('pressure').textContent).toBe('critical');
    expect(screen.getByTestId('gauge-ram').querySelector('.gauge__value')?.textContent).toBe('94%');
    expect(screen.getByTestId('gauge-ram').querySelector('.gauge__detail')?.textContent).toBe(
      '15.0 GB of 16.0 GB',
    );
  });

  it('says when there is no GPU, or when its free memory cannot be read', async () => {
    const { api } = await monitor();
    act(() => api.emit('onResources', snapshot({ gpus: [] })));
    expect(screen.queryByTestId('gauge-gpu')).toBeNull();
    expect(screen.getByTestId('resource-monitor').textContent).toContain(
      'No GPU found: voices render on the CPU.',
    );

    act(() =>
      api.emit(
        'onResources',
        snapshot({ gpus: [{ index: 1, name: 'Apple M2', totalBytes: 24 * GB, freeBytes: null }] }),
      ),
    );
    const gpu = screen.getByTestId('gauge-gpu');
    expect(gpu.querySelector('.gauge__value')?.textContent).toBe('—');
    expect(gpu.querySelector('.gauge__fill')).toBeNull();
    expect(gpu.querySelector('.gauge__detail')?.textContent).toBe(
      'Apple M2 · 24.0 GB · free memory cannot be read on this GPU',
    );
    expect(screen.getByTestId('resource-monitor').textContent).not.toContain('No GPU found');
  });

  it('lists each local speech server with its memory, or that it stopped', async () => {
    const { api } = await monitor();
    act(() =>
      api.emit(
        'onResources',
        snapshot({
          sidecars: [
            { name: 'vibevoice', running: true, rssBytes: 900 * MB, gpuBytes: 3 * GB },
            { name: 'chatterbox', running: false, rssBytes: null, gpuBytes: null },
            { name: 'orpheus', running: true, rssBytes: null, gpuBytes: null },
          ],
        }),
      ),
    );
    expect(screen.getAllByTestId('sidecar-memory').map((line) => line.textContent)).toEqual([
      'Server vibevoice: GPU 3.0 GB · RAM 900 MB',
      'Server chatterbox: stopped',
      'Server orpheus: running (memory cannot be read here)',
    ]);
  });

  it('lists what the watchdog did and why, newest first', async () => {
    const { api } = await monitor();
    expect(screen.getByTestId('resource-monitor').textContent).toContain('All quiet');
    expect(screen.queryByTestId('watchdog-events')).toBeNull();

    act(() =>
      api.emit('onWatchdogAction', {
        atMs: Date.UTC(2026, 11, 7, 9, 31, 0),
        action: 'pause-queue',
        reason: 'RAM is 94% used: the queue waits until memory is free again.',
      }),
    );
    act(() =>
      api.emit('onWatchdogAction', {
        atMs: Date.UTC(2026, 11, 7, 9, 32, 0),
        action: 'fallback-cpu',
        reason: 'The GPU ran out of memory twice: Kokoro renders on the CPU.',
      }),
    );
    const events = screen.getAllByTestId('watchdog-event');
    expect(events.map((e) => e.dataset.action)).toEqual(['fallback-cpu', 'pause-queue']);
    expect(events[0]!.querySelector('.watchdog__action')?.textContent).toBe('Fell back to CPU');
    expect(events[0]!.querySelector('.watchdog__reason')?.textContent).toBe(
      'The GPU ran out of memory twice: Kokoro renders on the CPU.',
    );
    expect(events[1]!.querySelector('.watchdog__action')?.textContent).toBe('Paused the queue');
    expect(events[1]!.querySelector('.watchdog__reason')?.textContent).toBe(
      'RAM is 94% used: the queue waits until memory is free again.',
    );
    expect(screen.getByTestId('resource-monitor').querySelector('.panel__count')?.textContent).toBe('2');
    expect(screen.getByTestId('resource-monitor').textContent).not.toContain('All quiet');
  });
});
