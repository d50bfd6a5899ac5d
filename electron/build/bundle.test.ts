import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNames, methodNames } from '../../shared/api/studio-api';
import type { BundleReport } from './bundle';
import { bundleElectron } from './bundle';

describe('bundleElectron', () => {
  let outDir: string;
  let report: BundleReport;

  beforeAll(async () => {
    outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'roundtable-bundle-'));
    report = await bundleElectron({ outDir });
  });

  afterAll(async () => {
    await fs.rm(outDir, { recursive: true, force: true });
  });

  it('writes main, preload, worker and ORT thread bundles that parse', () => {
    expect(report.files.map((f) => path.basename(f.file))).toEqual([
      'main.js',
      'preload.cjs',
      'worker-main.js',
      'ort-thread.js',
    ]);
    for (const { bytes } of report.files) expect(bytes).toBeGreaterThan(500);
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
});
