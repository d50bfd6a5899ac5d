/**
 * Settings → Engines adding a sidecar through the StudioApi handlers: serve mode refuses it without
 * --allow-sidecar-commands; with it, the CLI's checks in the studio's words (the program included), the
 * fake sidecar added, tested, rendered through (state and memory by pid through the fake nvidia-smi), and
 * removed with no process left. The audio.cpp preset is the CLI's definition.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderProgress } from '../../shared/api/studio-api';
import { scriptToProject } from '../../shared/model/from-script';
import { parseScript } from '../../shared/script/parser';
import { FAKE_SIDECAR } from '../../test-support/fake-sidecar/fake-sidecar-path';
import { pollUntil } from '../../test-support/poll';
import { audioCppVibeVoiceDefinition } from './sidecar/definitions/audio-cpp';
import { createStudioHost } from './studio-host';
import type { StudioHost } from './studio-host-types';
import { fakeNvidiaSmiEnv } from './watchdog/testing/fake-nvidia-smi';
import { MIB } from './watchdog/units';

const AUDIOCPP_SHIM = path.resolve(FAKE_SIDECAR, '..', 'audiocpp_server');
let dir: string;
let refusing: StudioHost;
let allowing: StudioHost;
const savedAppsDir = process.env.FAKE_NVIDIA_SMI_APPS_DIR;

const takeUrl = (projectDir: string, hash: string) => `/take/${hash}?dir=${encodeURIComponent(projectDir)}`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-host-sidecars-'));
  const appsDir = path.join(dir, 'apps');
  fs.mkdirSync(appsDir);
  // The sidecar inherits this process's environment: the fake sidecar reports its GPU memory here.
  process.env.FAKE_NVIDIA_SMI_APPS_DIR = appsDir;
  refusing = await createStudioHost({ mode: 'serve', dataDir: path.join(dir, 'refusing'), takeUrl });
  allowing = await createStudioHost({
    mode: 'serve',
    allowSidecarCommands: true,
    dataDir: path.join(dir, 'allowing'),
    env: { ROUNDTABLE_FAULTS: '' },
    watchdog: {
      env: fakeNvidiaSmiEnv({ timeline: [{ atMs: 0, usedMiB: 500, totalMiB: 8192 }], appsDir }),
      intervalMs: 100,
    },
    takeUrl,
  });
});

afterAll(async () => {
  await refusing?.dispose();
  await allowing?.dispose();
  if (savedAppsDir === undefined) delete process.env.FAKE_NVIDIA_SMI_APPS_DIR;
  else process.env.FAKE_NVIDIA_SMI_APPS_DIR = savedAppsDir;
  fs.rmSync(dir, { recursive: true, force: true });
});

function fakeCommand(extra = ''): string {
  return `"${process.execPath}" "${FAKE_SIDECAR}" --port {port} --model {model} ${extra}`.trim();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('adding a sidecar in Settings → Engines', () => {
  it('is refused in serve mode unless it was started with --allow-sidecar-commands', async () => {
    expect(await refusing.handlers.getAppInfo({})).toMatchObject({ mode: 'serve', sidecarCommands: false });
    const refused = refusing.handlers.addSidecarEngine({
      name: 'side',
      command: fakeCommand(),
      modelPath: '/models/VibeVoice-1.5B',
      model: 'VibeVoice-1.5B',
    });
    await expect(refused).rejects.toMatchObject({
      code: 'sidecar-commands-refused',
      message: expect.stringContaining('would run a program on this machine'),
      hint: expect.stringMatching(
        /roundtable engines add <name> --command .*roundtable serve --allow-sidecar-commands/,
      ),
    });
    expect(await refusing.handlers.listServerEngines({})).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'refusing', 'engines.json'))).toBe(false);
    expect(await allowing.handlers.getAppInfo({})).toMatchObject({ sidecarCommands: true });
  });

  it("says what to fix with the CLI's rules, in the studio's words, before anything is stored", async () => {
    const { handlers } = allowing;
    const add = (input: Partial<Parameters<typeof handlers.addSidecarEngine>[0]>) =>
      handlers.addSidecarEngine({ name: 'side', model: 'm', ...input });
    const notExecutable = path.join(dir, 'server.sh');
    fs.writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    await expect(add({})).rejects.toThrow('Command is needed');
    await expect(add({ command: 'server --port 8080' })).rejects.toThrow(/Command: .*contains \{port\}/);
    await expect(add({ command: 'server --port {port} | tee log' })).rejects.toThrow(/without a shell/);
    await expect(add({ command: `"${process.execPath}" --port {port} --model {model}` })).rejects.toThrow(
      '{model} has no value',
    );
    await expect(add({ command: '/no/such/server --port {port}' })).rejects.toThrow(
      'the program /no/such/server does not exist',
    );
    await expect(add({ command: `${dir} --port {port}` })).rejects.toThrow('is a folder, not a program');
    if (process.platform !== 'win32')
      await expect(add({ command: `${notExecutable} --port {port}` })).rejects.toThrow(
        `the program ${notExecutable} is not executable`,
      );
    await expect(add({ command: 'no-such-tts-server-here --port {port}' })).rejects.toThrow(
      'is not on the PATH',
    );
    await expect(add({ command: fakeCommand(), modelPath: '/m', loadTimeoutS: 'soon' })).rejects.toThrow(
      'Load timeout takes a positive number, not "soon"',
    );
    await expect(add({ command: fakeCommand(), modelPath: '/m', healthPath: 'health' })).rejects.toThrow(
      'Health path: the health path starts with "/"',
    );
    await expect(add({ command: fakeCommand(), modelPath: '/m', gpuMemoryMiB: '-1' })).rejects.toThrow(
      'GPU memory takes a non-negative number',
    );
    await expect(add({ command: fakeCommand(), modelPath: '/m', model: '' })).rejects.toThrow(
      'Model is needed: the model id the sidecar serves',
    );
    await expect(add({ preset: 'audiocpp-vibevoice', binary: '/no/audiocpp_server' })).rejects.toThrow(
      'audiocpp_server program /no/audiocpp_server does not exist',
    );
    await expect(add({ name: 'espeak', command: fakeCommand(), modelPath: '/m' })).rejects.toThrow(
      'is a built-in engine',
    );
    expect(await handlers.listServerEngines({})).toEqual([]);
  });

  it('adds the audio.cpp preset as the CLI defines it', async () => {
    const { handlers } = allowing;
    const model = path.join(dir, 'VibeVoice-7B');
    fs.mkdirSync(model);
    const view = await handlers.addSidecarEngine({
      name: 'vibe7',
      preset: 'audiocpp-vibevoice',
      binary: AUDIOCPP_SHIM,
      modelPath: model,
      size: '7B',
      backend: 'vulkan',
    });
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'allowing', 'engines.json'), 'utf8')) as {
      engines: { name: string; model: string; dialect: string; sidecar: unknown }[];
    };
    const expected = audioCppVibeVoiceDefinition({
      name: 'vibe7',
      binary: AUDIOCPP_SHIM,
      modelPath: model,
      size: '7B',
      backend: 'vulkan',
    });
    expect(stored.engines[0]).toMatchObject({ name: 'vibe7', model: 'vibevoice-7b', dialect: 'audiocpp' });
    expect(stored.engines[0]?.sidecar).toEqual(expected);
    expect(view.sidecar).toMatchObject({ state: 'stopped', expectedGpuMiB: 19 * 1024, loadTimeoutS: 1200 });
    await handlers.removeServerEngine({ name: 'vibe7' });
  });

  it('adds the fake sidecar, tests it, renders through it with its state and memory shown, and removes it', async () => {
    const { handlers } = allowing;
    const pidFile = path.join(dir, 'pids');
    const added = await handlers.addSidecarEngine({
      name: 'side',
      command: fakeCommand(`--gpu-mib 1200 --pid-file "${pidFile}"`),
      modelPath: '/models/VibeVoice-1.5B',
      model: 'VibeVoice-1.5B',
      healthPath: '/health',
      loadTimeoutS: '120',
      gpuMemoryMiB: '1500',
    });
    expect(added).toMatchObject({
      name: 'side',
      kind: 'sidecar',
      model: 'VibeVoice-1.5B',
      dialect: 'audiocpp',
      sidecar: { state: 'stopped', expectedGpuMiB: 1500, healthPath: '/health', loadTimeoutS: 120 },
    });
    const voices = await handlers.listVoices({ engine: 'side' });
    expect(voices.map((voice) => voice.id)).toEqual(['alba', 'marius']);

    const tested = await handlers.testServerEngine({ name: 'side' });
    expect(tested.ok).toBe(true);
    expect(tested.sidecar).toMatchObject({ models: ['VibeVoice-1.5B'] });

    const { project } = scriptToProject(parseScript('Host: Hello from a sidecar.\n'), { title: 'Sidecar' });
    const created = await handlers.createProject({
      title: 'Sidecar',
      dir: path.join(dir, 'project'),
      project,
    });
    const done = new Promise<RenderProgress>((resolve) => {
      const off = allowing.on('onRenderProgress', (progress) => {
        if (progress.status === 'done' || progress.status === 'failed') {
          off();
          resolve(progress);
        }
      });
    });
    await handlers.renderTakes({
      dir: created.dir,
      requests: [
        {
          segmentId: created.project.segments[0]!.id,
          text: 'Hello from a sidecar.',
          voice: {
            engine: 'side',
            model: 'VibeVoice-1.5B',
            voice: 'alba',
            params: { ratePercent: 100, pitchSemitones: 0 },
          },
          force: true,
        },
      ],
    });
    expect((await done).status).toBe('done');

    // Ready, with its pid's GPU memory (fake nvidia-smi's compute-apps) and RAM, in the list and the snapshot.
    const running = await pollUntil(
      async () => {
        const view = (await handlers.listServerEngines({})).find((engine) => engine.name === 'side');
        return view?.sidecar?.state === 'ready' && view.sidecar.gpuBytes ? view.sidecar : null;
      },
      'the sidecar ready with its GPU memory measured',
      30_000,
    );
    expect(running.gpuBytes).toBe(1200 * MIB);
    expect(running.rssBytes).toBeGreaterThan(0);
    expect(running.lastError).toBeNull();
    const pid = running.pid!;
    expect(isAlive(pid)).toBe(true);
    const snapshot = await pollUntil(
      async () => {
        const found = (await handlers.getResources({})).sidecars?.find((entry) => entry.name === 'side');
        return found?.gpuBytes ? found : null;
      },
      'the sidecar in the resource snapshot',
      30_000,
    );
    expect(snapshot).toMatchObject({ running: true, gpuBytes: 1200 * MIB });

    await handlers.removeServerEngine({ name: 'side' });
    expect(await handlers.listServerEngines({})).toEqual([]);
    for (const started of fs.readFileSync(pidFile, 'utf8').split('\n').filter(Boolean))
      expect(isAlive(Number(started))).toBe(false);
  });

  it('shows a sidecar that cannot start as failed, with its last error, and a render through it fails', async () => {
    const { handlers } = allowing;
    await handlers.addSidecarEngine({
      name: 'broken',
      command: fakeCommand('--exit-at-start 3'),
      modelPath: '/models/VibeVoice-1.5B',
      model: 'VibeVoice-1.5B',
    });
    const { project } = scriptToProject(parseScript('Host: This will not render.\n'), { title: 'Broken' });
    const created = await handlers.createProject({ title: 'Broken', dir: path.join(dir, 'broken'), project });
    const finished = new Promise<RenderProgress>((resolve) => {
      const off = allowing.on('onRenderProgress', (progress) => {
        if (progress.status === 'done' || progress.status === 'failed') {
          off();
          resolve(progress);
        }
      });
    });
    await handlers.renderTakes({
      dir: created.dir,
      requests: [
        {
          segmentId: created.project.segments[0]!.id,
          text: 'This will not render.',
          voice: {
            engine: 'broken',
            model: 'VibeVoice-1.5B',
            voice: 'alba',
            params: { ratePercent: 100, pitchSemitones: 0 },
          },
          force: true,
        },
      ],
    });
    expect((await finished).status).toBe('failed');
    const view = await pollUntil(
      async () => {
        const found = (await handlers.listServerEngines({})).find((engine) => engine.name === 'broken');
        return found?.sidecar?.lastError && found.sidecar.state !== 'starting' ? found.sidecar : null;
      },
      'the failed sidecar with its last error',
      60_000,
    );
    expect(['crashed', 'failed']).toContain(view.state);
    expect(view.lastError).toMatch(/exited with code 3 before it was ready.*CUDA error: out of memory/);
    expect(view.gpuBytes ?? null).toBeNull();
    await handlers.removeServerEngine({ name: 'broken' });
  });
});
