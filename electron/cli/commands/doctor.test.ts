/** `roundtable doctor`: the report as JSON from the command, and the usage for bad arguments. */
import { describe, expect, it } from 'vitest';
import { DoctorReportSchema } from '../../host/watchdog/doctor-report';
import { GIB, MIB } from '../../host/watchdog/units';
import { runDoctorCommandWith } from './doctor';

const fakeRam = () => ({ totalBytes: 16 * GIB, freeBytes: 12 * GIB, source: 'os' as const });
const nvidiaInventory = async () => ({
  status: 'known' as const,
  gpus: [{ vendor: 'NVIDIA', model: 'Fake GPU', vramBytes: 8 * GIB, vramShared: false }],
});

describe('roundtable doctor', () => {
  it('says when GPU memory is unknown and prints JSON from the command', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = runDoctorCommandWith({
      doctor: {
        inventory: nvidiaInventory,
        liveWaitMs: 500,
        watchdog: { env: { PATH: '' }, readRam: fakeRam, intervalMs: 100 },
      },
    });
    const code = await run(['--json', '--model', 'kokoro=350'], {
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
    });
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const report = DoctorReportSchema.parse(JSON.parse(out.join('')));
    expect(report.gpuMemory.note).toMatch(
      /^GPU memory unknown — working from totals: nvidia-smi was not found/,
    );
    expect(report.devices[1]).toMatchObject({
      kind: 'gpu',
      name: 'NVIDIA Fake GPU',
      memoryBytes: 8 * GIB,
      freeBytes: null,
      source: 'inventory',
    });
    expect(report.admission.models[0]).toMatchObject({ modelId: 'kokoro', estimateBytes: 350 * MIB });
  });

  it('rejects bad arguments with the usage', async () => {
    const err: string[] = [];
    const run = runDoctorCommandWith({});
    expect(await run(['--model', 'kokoro'], { stdout: () => undefined, stderr: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toMatch(/--model takes <id>=<MiB>/);
    expect(await run(['--frobnicate'], { stdout: () => undefined, stderr: (s) => err.push(s) })).toBe(2);
  });
});
