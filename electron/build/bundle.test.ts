import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fork } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPiperTestModel } from '../../test-support/onnx/test-models';
import { eventNames, methodNames } from '../../shared/api/studio-api';
import type { ElectronBundleReport } from './bundle';
import { bundleElectron, REPO_ROOT } from './bundle';

describe('bundleElectron', () => {
  let outDir: string;
  let report: ElectronBundleReport;

  beforeAll(async () => {
    outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-bundle-'));
    report = await bundleElectron({ outDir });
  });

  afterAll(async () => {
    await fs.rm(outDir, { recursive: true, force: true });
  });

  it('writes main, preload, worker, its threads, model inspector, recording and export thread bundles that parse', () => {
    expect(report.files.map((f) => path.basename(f.file))).toEqual([
      'main.js',
      'preload.cjs',
      'worker-main.js',
      'ort-thread.js',
      'espeak-thread.js',
      'inspect-model-child.js',
      'export-thread.js',
      'limiter-thread.js',
      'mp3-thread.js',
      'recording-thread.js',
      'levels-thread.js',
    ]);
    for (const { bytes } of report.files) expect(bytes).toBeGreaterThan(500);
    // The window's and installers' icon beside main.js (main.ts points the window at it).
    expect(path.relative(outDir, report.icon)).toBe('icon.png');
  });

  it('keeps electron and native packages external to the main bundle', async () => {
    const main = await fs.readFile(path.join(outDir, 'main.js'), 'utf8');
    expect(main).toMatch(/from "electron"/);
    expect(main.startsWith("import { createRequire as __roundtableCreateRequire } from 'node:module';")).toBe(
      true,
    );
    expect(main).not.toContain('node_modules/onnxruntime-node/');
    expect(main).not.toContain('node_modules/systeminformation/');
  });

  it('produces a self-contained preload that exposes exactly the contract, and nothing of ipcRenderer', async () => {
    const code = await fs.readFile(path.join(outDir, 'preload.cjs'), 'utf8');
    expect(code.length).toBeLessThan(20_000);
    const exposed: Array<[string, Record<string, unknown>]> = [];
    const ipcRenderer = { invoke: async () => ({ ok: true, output: 1 }), on() {}, removeListener() {} };
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return {
        contextBridge: { exposeInMainWorld: (key: string, value: never) => exposed.push([key, value]) },
        ipcRenderer,
      };
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports });
    expect(required).toEqual(['electron']);
    expect(exposed).toHaveLength(1);
    const [key, api] = exposed[0]!;
    expect(key).toBe('studio');
    expect(Object.keys(api).sort()).toEqual([...methodNames, ...eventNames].sort());
    expect(Object.values(api).includes(ipcRenderer)).toBe(false);
    await expect((api.getAppInfo as (i: unknown) => Promise<unknown>)({})).resolves.toBe(1);
  });

  it('runs the bundled model inspector as the packaged app would (a sibling of main.js, no tsx)', async () => {
    // The packaged app has node_modules beside its bundles; link them beside this output the same way.
    await fs.symlink(path.join(REPO_ROOT, 'node_modules'), path.join(outDir, 'node_modules'), 'dir');
    const modelPath = path.join(outDir, 'piper-test.onnx');
    await fs.writeFile(modelPath, buildPiperTestModel());
    const child = fork(path.join(outDir, 'inspect-model-child.js'), [modelPath], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const reply = await new Promise<unknown>((resolve, reject) => {
      let message: unknown;
      child.on('message', (m) => (message = m));
      child.on('error', reject);
      child.on('exit', () => resolve(message));
    });
    expect(stderr).toBe('');
    expect(reply).toMatchObject({ ok: true, signature: { inputs: expect.any(Array) } });
  });
});
