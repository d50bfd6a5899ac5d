import { describe, expect, it } from 'vitest';
import { buildDoctorReport, DoctorReportSchema } from './doctor-report';
import { formatDoctorReport } from './doctor-text';
import { detectExecutionProviders } from './execution-providers';
import { fakeNvidiaSmiEnv } from './testing/fake-nvidia-smi';
import { GIB, MIB } from './units';

const fakeRam = () => ({ totalBytes: 16 * GIB, freeBytes: 12 * GIB, source: 'os' as const });
const nvidiaInventory = async () => ({
  status: 'known' as const,
  gpus: [{ vendor: 'NVIDIA', model: 'Fake GPU', vramBytes: 8 * GIB, vramShared: false }],
});

describe('execution providers', () => {
  it('offers CUDA only where the add-on library is installed, and DirectML on Windows', () => {
    const files = new Set([
      '/ort/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      '/ort/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so',
      '/ort/bin/napi-v6/win32/x64/onnxruntime_binding.node',
      '/ort/bin/napi-v6/win32/x64/DirectML.dll',
    ]);
    const isFile = (file: string) => files.has(file.replaceAll('\\', '/'));
    const linux = detectExecutionProviders({
      platform: 'linux',
      arch: 'x64',
      onnxruntimeDir: '/ort',
      isFile,
      nvidiaGpu: true,
    });
    expect(linux.map((p) => [p.id, p.available])).toEqual([
      ['cpu', true],
      ['cuda', true],
      ['dml', false],
    ]);
    const noGpu = detectExecutionProviders({
      platform: 'linux',
      arch: 'x64',
      onnxruntimeDir: '/ort',
      isFile,
      nvidiaGpu: false,
    });
    expect(noGpu[1]).toMatchObject({
      id: 'cuda',
      available: false,
      detail: expect.stringMatching(/no NVIDIA GPU/),
    });
    const arm = detectExecutionProviders({
      platform: 'linux',
      arch: 'arm64',
      onnxruntimeDir: '/ort',
      isFile,
      nvidiaGpu: true,
    });
    expect(arm[1]).toMatchObject({ available: false, detail: expect.stringMatching(/npm run cuda:install/) });
    // Without an NVIDIA GPU seen (none found, or nvidia-smi missing), the add-on is not suggested.
    for (const nvidiaGpu of [false, undefined]) {
      const noAddOn = detectExecutionProviders({
        platform: 'linux',
        arch: 'arm64',
        onnxruntimeDir: '/ort',
        isFile,
        ...(nvidiaGpu === undefined ? {} : { nvidiaGpu }),
      });
      expect(noAddOn[1]).toMatchObject({ available: false, detail: expect.stringMatching(/no NVIDIA GPU/) });
      expect(noAddOn[1]!.detail).not.toMatch(/cuda:install/);
    }
    const windows = detectExecutionProviders({
      platform: 'win32',
      arch: 'x64',
      onnxruntimeDir: '/ort',
      isFile,
    });
    expect(windows.map((p) => [p.id, p.available])).toEqual([
      ['cpu', true],
      ['cuda', false],
      ['dml', true],
    ]);
  });

  it('sees the installed onnxruntime-node', () => {
    const [cpu] = detectExecutionProviders();
    expect(cpu).toMatchObject({ id: 'cpu', available: true });
  });
});

describe('doctor', () => {
  it('builds a report of the documented shape with live GPU memory from nvidia-smi', async () => {
    const report = await buildDoctorReport({
      inventory: nvidiaInventory,
      models: [
        { modelId: 'kokoro', manifestBytes: 400 * MIB, manifestPerCharBytes: 1 * MIB, maxChunkChars: 500 },
        { modelId: 'giant', manifestBytes: 40 * GIB },
      ],
      providers: { onnxruntimeDir: null },
      watchdog: {
        env: fakeNvidiaSmiEnv({ timeline: [{ atMs: 0, usedMiB: 2048, totalMiB: 8192 }] }),
        readRam: fakeRam,
        intervalMs: 100,
      },
    });
    expect(DoctorReportSchema.parse(report)).toEqual(report);
    expect(report.devices).toEqual([
      expect.objectContaining({ kind: 'cpu', memoryBytes: 16 * GIB, freeBytes: 12 * GIB, source: 'os' }),
      {
        kind: 'gpu',
        index: 0,
        name: 'NVIDIA Fake GPU',
        memoryBytes: 8 * GIB,
        freeBytes: 6 * GIB,
        source: 'nvidia-smi',
      },
    ]);
    expect(report.gpuMemory).toEqual({ status: 'live', note: null });
    expect(report.executionProviders.map((p) => p.id)).toEqual(['cpu', 'cuda', 'dml']);
    // RAM: 12 GiB free − 1.6 GiB reserve.
    const cpu = report.admission.providers.find((p) => p.provider === 'cpu')!;
    expect(cpu).toMatchObject({
      resource: 'ram',
      basis: 'free',
      availableBytes: 12 * GIB - Math.round(1.6 * GIB),
    });
    expect(cpu.largestModel).toEqual({ modelId: 'kokoro', bytes: 400 * MIB, maxChunkChars: 500 });
    expect(report.admission.models).toEqual([
      expect.objectContaining({
        modelId: 'kokoro',
        provider: 'cpu',
        admitted: true,
        maxChunkChars: 500,
        reason: null,
      }),
      expect.objectContaining({
        modelId: 'giant',
        provider: 'cpu',
        admitted: false,
        reason: expect.stringMatching(/^Loading giant on the CPU needs about 40\.0 GiB/),
      }),
    ]);

    const text = formatDoctorReport(report);
    expect(text).toMatch(/^Devices$/m);
    expect(text).toMatch(/^ {2}GPU 0 {3}NVIDIA Fake GPU/m);
    expect(text).toMatch(/^ {2}cpu {4}yes {3}/m);
    expect(text).toMatch(/^ {2}giant +cpu +40\.0 GiB \(manifest\) {3}would NOT load now/m);
    // Columns line up: the verdicts of both models start at the same column.
    const rows = text.split('\n').filter((line) => /^ {2}(kokoro|giant) /.test(line));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.indexOf('would')).toBe(rows[1]!.indexOf('would'));
  });
});
