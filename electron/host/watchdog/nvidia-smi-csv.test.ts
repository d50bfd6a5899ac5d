import { describe, expect, it } from 'vitest';
import {
  appsQueryArgs,
  gpuQueryArgs,
  parseComputeAppLine,
  parseGpuLine,
  parseNumericField,
} from './nvidia-smi-csv';
import { MIB } from './units';

describe('nvidia-smi CSV', () => {
  it('builds the long-lived loop queries', () => {
    expect(gpuQueryArgs(1000)).toEqual([
      '--query-gpu=index,name,memory.total,memory.used,memory.free,utilization.gpu',
      '--format=csv,noheader,nounits',
      '-lms',
      '1000',
    ]);
    expect(appsQueryArgs(250).join(' ')).toBe(
      '--query-compute-apps=pid,used_memory,gpu_uuid --format=csv,noheader,nounits -lms 250',
    );
  });

  it('parses a GPU line into bytes', () => {
    expect(parseGpuLine('0, NVIDIA GeForce RTX 3070, 8192, 7900, 292, 97')).toEqual({
      index: 0,
      name: 'NVIDIA GeForce RTX 3070',
      totalBytes: 8192 * MIB,
      usedBytes: 7900 * MIB,
      freeBytes: 292 * MIB,
      utilizationPercent: 97,
    });
  });

  it('turns [N/A] and [Not Supported] into null and derives free from total − used', () => {
    const line = parseGpuLine('1, Tesla T4, 15360, 1024, [N/A], [Not Supported]');
    expect(line).toMatchObject({ index: 1, freeBytes: (15360 - 1024) * MIB, utilizationPercent: null });
    const unreadable = parseGpuLine('0, NVIDIA RTX A2000, [N/A], [N/A], [N/A], [N/A]');
    expect(unreadable).toMatchObject({ totalBytes: null, usedBytes: null, freeBytes: null });
  });

  it('keeps a name with a comma in it', () => {
    expect(parseGpuLine('0, NVIDIA Foo, Rev 2, 4096, 96, 4000, 1')?.name).toBe('NVIDIA Foo, Rev 2');
  });

  it('rejects garbage, error messages and headers', () => {
    for (const line of [
      'Failed to initialize NVML: Unknown Error',
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
      'index, name, memory.total [MiB], memory.used [MiB], memory.free [MiB], utilization.gpu [%]',
      '0, NVIDIA Fake GPU, lots, some, few, busy',
      '0, GPU, 8192 MiB, 100 MiB, 8092 MiB, 0 %',
      'x, GPU, 1, 1, 1, 1',
      '',
    ]) {
      expect(parseGpuLine(line), line).toBeNull();
    }
  });

  it('parses compute-app lines', () => {
    expect(parseComputeAppLine('4242, 1536, GPU-5f1c')).toEqual({
      pid: 4242,
      usedBytes: 1536 * MIB,
      gpu: 'GPU-5f1c',
    });
    expect(parseComputeAppLine('4242, [N/A], GPU-5f1c')).toEqual({
      pid: 4242,
      usedBytes: null,
      gpu: 'GPU-5f1c',
    });
    expect(parseComputeAppLine('4242, 1536')).toBeNull();
    expect(parseComputeAppLine('No running processes found')).toBeNull();
  });

  it('reads numeric fields strictly', () => {
    expect(parseNumericField(' 12.5 ')).toBe(12.5);
    expect(parseNumericField('[Unknown Error]')).toBeNull();
    expect(parseNumericField('12 MiB')).toBeUndefined();
    expect(parseNumericField('-1')).toBeUndefined();
  });
});
