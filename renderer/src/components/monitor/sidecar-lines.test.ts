import { describe, expect, it } from 'vitest';
import type { ResourceSnapshot } from '../../../../shared/api/studio-api';
import { sidecarLines } from './sidecar-lines';

const base: ResourceSnapshot = {
  atMs: 0,
  ram: { totalBytes: 16 * 1024 ** 3, freeBytes: 8 * 1024 ** 3 },
  gpus: [],
  workerRssBytes: null,
  pressure: 'normal',
};

describe('sidecarLines', () => {
  it('shows each server with its GPU and RAM, stopped ones as stopped, and nothing without sidecars', () => {
    expect(sidecarLines(base)).toEqual([]);
    expect(
      sidecarLines({
        ...base,
        sidecars: [
          { name: 'vibevoice-1.5b', running: true, gpuBytes: 7 * 1024 ** 3, rssBytes: 900 * 1024 ** 2 },
          { name: 'kokoro-fastapi', running: true, gpuBytes: null, rssBytes: null },
          { name: 'vibevoice-7b', running: false, gpuBytes: null, rssBytes: null },
        ],
      }).map((line) => line.text),
    ).toEqual([
      'Server vibevoice-1.5b: GPU 7.0 GB · RAM 900 MB',
      'Server kokoro-fastapi: running (memory cannot be read here)',
      'Server vibevoice-7b: stopped',
    ]);
  });
});
