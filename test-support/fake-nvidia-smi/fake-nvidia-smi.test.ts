import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HANG_GUARD_MS } from '../hang-guard';

const script = fileURLToPath(new URL('./fake-nvidia-smi.mjs', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: HANG_GUARD_MS,
  });
}

describe('fake nvidia-smi', () => {
  it('prints one frame and exits without a loop flag, honouring the timeline, units and header', () => {
    const timeline = JSON.stringify([
      { atMs: 0, usedMiB: 1000, totalMiB: 4096, utilization: '[N/A]' },
      { atMs: 0, gpus: [{ index: 1, name: 'NVIDIA Second', totalMiB: 2048, usedMiB: 48 }] },
    ]);
    const plain = run(
      [
        '--query-gpu=index,name,memory.total,memory.used,memory.free,utilization.gpu',
        '--format=csv,noheader,nounits',
      ],
      {
        FAKE_NVIDIA_SMI_TIMELINE: timeline,
      },
    );
    expect(plain.status).toBe(0);
    expect(plain.stdout).toBe(
      '0, NVIDIA Fake GPU, 4096, 1000, 3096, [N/A]\n1, NVIDIA Second, 2048, 48, 2000, 0\n',
    );
    const withUnits = run(['--query-gpu=index,memory.used', '--format=csv'], {
      FAKE_NVIDIA_SMI_TIMELINE: timeline,
    });
    expect(withUnits.stdout).toBe('index, memory.used\n0, 1000 MiB\n1, 48 MiB\n');
  });

  it('lists compute processes and refuses unknown fields like the real one', () => {
    const apps = run(['--query-compute-apps=pid,used_memory,gpu_uuid', '--format=csv,noheader,nounits'], {
      FAKE_NVIDIA_SMI_TIMELINE: JSON.stringify([{ atMs: 0, apps: [{ pid: 77, usedMiB: 512 }] }]),
    });
    expect(apps.stdout).toBe('77, 512, GPU-fake-0\n');
    // Processes that report through the apps folder: listed while alive, their memory used on GPU 0.
    const appsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-smi-apps-'));
    try {
      fs.writeFileSync(path.join(appsDir, String(process.pid)), '3000');
      fs.writeFileSync(path.join(appsDir, '4000000'), '999');
      const env = {
        FAKE_NVIDIA_SMI_APPS_DIR: appsDir,
        FAKE_NVIDIA_SMI_TIMELINE: JSON.stringify([{ atMs: 0, usedMiB: 500, totalMiB: 8192 }]),
      };
      expect(run(['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'], env).stdout).toBe(
        `${process.pid}, 3000\n`,
      );
      expect(run(['--query-gpu=memory.used,memory.free', '--format=csv,noheader,nounits'], env).stdout).toBe(
        '3500, 4692\n',
      );
    } finally {
      fs.rmSync(appsDir, { recursive: true, force: true });
    }
    const bad = run(['--query-gpu=index,bogus', '--format=csv']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/Field "bogus" is not a valid field to query/);
  });
});
