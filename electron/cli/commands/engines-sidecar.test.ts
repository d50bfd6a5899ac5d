import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_SIDECAR } from '../../../test-support/fake-sidecar/fake-sidecar-path';
import { planLaunch } from '../../host/sidecar/sidecar-definition';
import { UserError } from '../cli-io';
import { isSidecarAdd, sidecarDefinitionFromArgs, testSidecar } from './engines-sidecar';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engines-sidecar-'));
  dirs.push(dir);
  return dir;
}

describe('engines add <name> --command', () => {
  it('tells a sidecar from a URL endpoint', () => {
    expect(isSidecarAdd(['--command', 'server --port {port}'])).toBe(true);
    expect(isSidecarAdd(['--preset=audiocpp-vibevoice'])).toBe(true);
    expect(isSidecarAdd(['--url', 'http://127.0.0.1:8000'])).toBe(false);
  });

  it('builds a definition from a command line and options', () => {
    const definition = sidecarDefinitionFromArgs('vv', [
      '--command',
      `"${process.execPath}" "${FAKE_SIDECAR}" --port {port} --model {model}`,
      '--value',
      'model=/models/VibeVoice 1.5B',
      '--health-path',
      '/v1/models',
      '--load-timeout',
      '900',
      '--idle-timeout',
      '0',
      '--gpu-memory',
      '7168',
      '--env',
      'CUDA_VISIBLE_DEVICES=1',
    ]);
    expect(definition).toMatchObject({
      name: 'vv',
      command: [process.execPath, FAKE_SIDECAR, '--port', '{port}', '--model', '{model}'],
      values: { model: '/models/VibeVoice 1.5B' },
      healthPath: '/v1/models',
      loadTimeoutS: 900,
      idleTimeoutS: 0,
      memory: { gpuMiB: 7168, ramMiB: 0 },
      env: { CUDA_VISIBLE_DEVICES: '1' },
    });
  });

  it('says what to fix', () => {
    const wrong = (args: string[]) => {
      try {
        sidecarDefinitionFromArgs('vv', args);
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(wrong(['--command', 'server --port 8080'])).toMatch(/contains \{port\}/);
    expect(wrong(['--command', 'server --port {port} | tee log'])).toMatch(/without a shell/);
    expect(wrong(['--command', '/no/such/server --port {port}'])).toMatch(/does not exist/);
    expect(wrong(['--command', 'server --port {port}', '--load-timeout', 'soon'])).toMatch(/positive number/);
    expect(wrong(['--command', 'server --port {port}', '--health-path', 'health'])).toMatch(
      /--health-path: the health path starts with "\/"/,
    );
    expect(wrong(['--command', 'server --port {port}', '--value', 'model'])).toMatch(/<key>=<text>/);
    expect(wrong(['--preset', 'audiocpp-vibevoice', '--binary', '/no/audiocpp_server'])).toMatch(
      /--binary \/no\/audiocpp_server does not exist/,
    );
  });

  it('takes the audio.cpp + VibeVoice preset with the files the user downloaded', () => {
    const dir = tempDir();
    const binary = path.join(dir, 'audiocpp_server');
    const model = path.join(dir, 'VibeVoice-7B');
    fs.writeFileSync(binary, '', { mode: 0o755 });
    fs.mkdirSync(model);
    const definition = sidecarDefinitionFromArgs('vibevoice', [
      '--preset',
      'audiocpp-vibevoice',
      '--binary',
      binary,
      '--model',
      model,
      '--size',
      '7B',
      '--load-timeout',
      '1800',
    ]);
    expect(definition.name).toBe('vibevoice');
    expect(definition.loadTimeoutS).toBe(1800);
    const plan = planLaunch(definition, 40000, dir);
    expect(plan.file).toBe(binary);
    expect(JSON.parse(plan.config!.text).models[0]).toMatchObject({ family: 'vibevoice', path: model });
  });
});

describe('engines test for a sidecar', () => {
  it('starts it, lists its models and leaves nothing running', async () => {
    const dir = tempDir();
    const pidFile = path.join(dir, 'pids');
    const definition = sidecarDefinitionFromArgs('vv', [
      '--command',
      `"${process.execPath}" "${FAKE_SIDECAR}" --port {port} --model {model} --pid-file "${pidFile}"`,
      '--value',
      'model=/models/VibeVoice-1.5B',
    ]);
    const result = await testSidecar(definition);
    expect(result.models).toEqual(['VibeVoice-1.5B']);
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
