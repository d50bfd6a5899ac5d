import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { planLaunch } from '../sidecar-definition';
import { SidecarSupervisor } from '../sidecar-supervisor';
import { audioCppVibeVoiceDefinition } from './audio-cpp';

const SHIM = fileURLToPath(new URL('../../../../test-support/fake-sidecar/audiocpp_server', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('audio.cpp + VibeVoice definition', () => {
  it("runs audiocpp_server with a config naming the user's model, the port on the command line and in the file", () => {
    const definition = audioCppVibeVoiceDefinition({
      binary: String.raw`C:\audio.cpp\bin\audiocpp_server.exe`,
      modelPath: String.raw`D:\models\VibeVoice-7B`,
      size: '7B',
    });
    expect(definition.name).toBe('vibevoice-7b');
    expect(definition.healthPath).toBe('/health');
    expect(definition.loadTimeoutS).toBe(1200);
    expect(definition.memory.gpuMiB).toBeGreaterThan(0);
    const plan = planLaunch(definition, 40123, '/tmp/run');
    expect(plan.file).toBe(String.raw`C:\audio.cpp\bin\audiocpp_server.exe`);
    expect(plan.args).toEqual([
      '--config',
      '/tmp/run/audiocpp-server.json',
      '--host',
      '127.0.0.1',
      '--port',
      '40123',
    ]);
    expect(JSON.parse(plan.config!.text)).toEqual({
      host: '127.0.0.1',
      port: 40123,
      backend: 'cuda',
      device: 0,
      threads: 1,
      lazy_load: false,
      busy_timeout_ms: 300000,
      models: [
        {
          id: 'vibevoice-7b',
          family: 'vibevoice',
          path: String.raw`D:\models\VibeVoice-7B`,
          task: 'tts',
          mode: 'offline',
        },
      ],
    });
    const cpu = audioCppVibeVoiceDefinition({
      binary: 'audiocpp_server',
      modelPath: '/m',
      size: '1.5B',
      backend: 'cpu',
    });
    expect(cpu.memory).toMatchObject({ gpuMiB: 0, ramMiB: 7 * 1024 });
  });

  it.skipIf(process.platform === 'win32')(
    'starts, serves speech and stops through a stand-in audiocpp_server',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audiocpp-'));
      dirs.push(dir);
      const modelPath = path.join(dir, 'VibeVoice-1.5B');
      fs.mkdirSync(modelPath);
      const supervisor = new SidecarSupervisor(
        audioCppVibeVoiceDefinition({ binary: SHIM, modelPath, size: '1.5B' }),
        { env: { ...process.env, FAKE_SIDECAR_NODE: process.execPath }, healthPollMs: 20 },
      );
      try {
        const lease = await supervisor.acquire(new AbortController().signal, { chars: 30 });
        expect(lease.maxChars).toBe(600);
        const models = (await (await fetch(`${lease.baseUrl}/v1/models`)).json()) as {
          data: { id: string }[];
        };
        expect(models.data.map((model) => model.id)).toEqual(['vibevoice-1.5b']);
        const speech = await fetch(`${lease.baseUrl}/v1/audio/speech`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'vibevoice-1.5b', input: 'Speaker 1: Hello there.' }),
        });
        expect(speech.headers.get('content-type')).toBe('audio/wav');
        lease.release();
      } finally {
        await supervisor.dispose();
      }
    },
  );
});
