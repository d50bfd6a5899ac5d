/**
 * The installers' contents, checked without a network: electron-builder packs a fresh build of this
 * checkout for every configured target (its `dir` step, with a placeholder Electron binary), and the result
 * is checked against what the app needs. The installers themselves (NSIS, AppImage, .deb) and a launch of
 * the real app are built and run by .github/workflows/release.yml where Electron can be downloaded.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePng } from './app-icon';
import { asarModule } from './builder-internals';
import { SIBLING_ENTRIES } from './bundle';
import type { FreshProject } from './offline-pack';
import { makeTempDir, packUnpacked, prepareFreshProject, productionModuleFiles } from './offline-pack';
import { probePackagedMain, resolutionsOutside, unresolvableImports } from './packaged-main-probe';
import type { ProbeReport } from './packaged-main-probe';
import type { BuilderConfig, PackageTarget, PatternCandidates } from './packaging-config';
import { checkIcon, checkPatterns, loadBuilderConfig, packageTargets } from './packaging-config';
import type { PackagedFile } from './packaging-layout';
import { checkLayout, listPackagedApp, missingUnpackedFiles, runtimePackages } from './packaging-layout';

const BUILD_TIMEOUT_MS = 15 * 60_000;

interface Packed {
  target: PackageTarget;
  appOutDir: string;
  files: PackagedFile[];
}

describe('packaging: electron-builder.config.cjs on a fresh build', () => {
  let work: string;
  let config: BuilderConfig;
  let project: FreshProject;
  let moduleFiles: string[];
  let packed: Packed[];

  const candidatesFor = (one: Packed): PatternCandidates => ({
    projectFiles: project.files,
    moduleFiles,
    appFiles: one.files.map((file) => file.path),
  });
  const packedFor = (platform: PackageTarget['platform']) =>
    packed.find((one) => one.target.platform === platform)!;
  const expectations = (target: PackageTarget) => ({ target, runtimePackages: runtimePackages(project.dir) });

  beforeAll(async () => {
    work = await makeTempDir('packaging');
    config = loadBuilderConfig();
    project = await prepareFreshProject(work);
    moduleFiles = await productionModuleFiles(project.dir);
    packed = [];
    for (const target of packageTargets(config)) {
      const outDir = path.join(work, `out-${target.platform}-${target.arch}`);
      const appOutDir = await packUnpacked(project.dir, config, target, outDir);
      packed.push({ target, appOutDir, files: listPackagedApp(appOutDir) });
    }
  }, BUILD_TIMEOUT_MS);

  afterAll(async () => {
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('builds an NSIS installer for Windows x64, an AppImage and a .deb for Linux x64', () => {
    expect(packed.map(({ target }) => target)).toEqual([
      { platform: 'win', os: 'win32', arch: 'x64', installers: ['nsis'] },
      { platform: 'linux', os: 'linux', arch: 'x64', installers: ['AppImage', 'deb'] },
    ]);
  });

  it('every files, asarUnpack and extraResources pattern matches something, for every target', () => {
    for (const one of packed) {
      expect(checkPatterns(config, one.target, candidatesFor(one), project.dir)).toEqual([]);
    }
  });

  it('reports a broken pattern in a copy of the configuration', () => {
    const linux = packedFor('linux');
    const broken = structuredClone(config);
    broken.linux!.files = broken.linux!.files!.map((pattern) =>
      pattern === 'dist/renderer/**/*' ? 'dist/render/**/*' : pattern,
    );
    broken.asarUnpack = broken.asarUnpack!.map((pattern) =>
      pattern.replace('espeak-ng-emscripten', 'espeak-ng'),
    );
    expect(checkPatterns(broken, linux.target, candidatesFor(linux), project.dir)).toEqual([
      'linux (x64): files pattern "dist/render/**/*" matches nothing in a fresh build',
      'linux (x64): asarUnpack pattern "**/node_modules/@echogarden/espeak-ng/**" matches nothing in a fresh build',
    ]);
    // The layout of this configuration before: a top-level list plus per-platform exclusions, which
    // electron-builder copies as the union of both (it packed every source file of the repository).
    const union = structuredClone(config);
    union.files = ['package.json', 'dist/electron/**/*'];
    union.linux!.files = ['!**/node_modules/onnxruntime-node/bin/napi-v*/darwin/**'];
    expect(checkPatterns(union, linux.target, candidatesFor(linux), project.dir)).toEqual([
      expect.stringContaining('both the top-level and linux.files are set'),
    ]);
  });

  it('packs the bundles, page, licences and icon, only the run-time modules, and unpacks what cannot run from app.asar', () => {
    for (const one of packed) {
      expect(checkLayout(one.files, expectations(one.target)), one.target.platform).toEqual([]);
      expect(missingUnpackedFiles(one.appOutDir, one.files)).toEqual([]);
    }
    const linux = packedFor('linux').files;
    const unpacked = linux.filter((file) => file.unpacked).map((file) => file.path);
    expect(unpacked).toContain('node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.data');
    expect(unpacked).toContain(
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
    );
    const paths = linux.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(['LICENSE', 'THIRD_PARTY_NOTICES.md', 'dist/electron/icon.png']),
    );
    expect(paths.filter((file) => file.startsWith('dist/electron/'))).toEqual(
      expect.arrayContaining(SIBLING_ENTRIES.map((entry) => `dist/electron/${entry.outFile}`)),
    );
  });

  it("ships onnxruntime-node's binaries for the target's OS and CPU only", () => {
    const platformsIn = (files: PackagedFile[]) =>
      [
        ...new Set(
          files
            .map(
              (file) =>
                /^node_modules\/onnxruntime-node\/bin\/napi-v\d+\/([^/]+\/[^/]+)\//.exec(file.path)?.[1],
            )
            .filter((found): found is string => found !== undefined),
        ),
      ].sort();
    expect(platformsIn(packedFor('win').files)).toEqual(['win32/x64']);
    expect(platformsIn(packedFor('linux').files)).toEqual(['linux/x64']);
  });

  it('the layout check reports what a broken package lacks or carries', () => {
    const linux = packedFor('linux');
    const files = linux.files
      .filter(
        (file) =>
          !['THIRD_PARTY_NOTICES.md', 'node_modules/onnxruntime-common/package.json'].includes(file.path),
      )
      .map((file) => (file.path.endsWith('espeak-ng.data') ? { ...file, unpacked: false } : file));
    files.push(
      { path: 'electron/host/studio-host.ts', unpacked: false },
      { path: 'node_modules/zod/package.json', unpacked: false },
      {
        path: 'node_modules/onnxruntime-node/bin/napi-v6/linux/arm64/onnxruntime_binding.node',
        unpacked: true,
      },
    );
    expect(checkLayout(files, expectations(linux.target))).toEqual([
      'missing THIRD_PARTY_NOTICES.md',
      'ships electron/host/studio-host.ts, which is not in the package list',
      'ships node_modules/zod, which no run-time external needs (it is bundled or unused)',
      'missing node_modules/onnxruntime-common (a run-time external depends on it)',
      "ships onnxruntime-node's linux-arm64 binaries in the linux-x64 app",
      'node_modules/@echogarden/espeak-ng-emscripten/espeak-ng.data is inside app.asar; espeak-ng reads it by path',
    ]);
  });

  it(
    'a broken pattern packed for real is caught by the layout check',
    async () => {
      const linux = packedFor('linux');
      const broken = structuredClone(config);
      // Matches index.html, so the pattern check passes; the page's scripts and styles are left out.
      broken.linux!.files = broken.linux!.files!.map((pattern) =>
        pattern === 'dist/renderer/**/*' ? 'dist/renderer/*.html' : pattern,
      );
      const appOutDir = await packUnpacked(project.dir, broken, linux.target, path.join(work, 'out-broken'));
      expect(checkLayout(listPackagedApp(appOutDir), expectations(linux.target))).toEqual([
        'missing the page script (dist/renderer/assets/*.js)',
      ]);
    },
    BUILD_TIMEOUT_MS,
  );

  it('has an icon each target can use (NSIS: a .ico from 256 px; Linux: a 256 or 512 px PNG)', async () => {
    for (const one of packed) expect(await checkIcon(config, one.target, project.dir)).toEqual([]);
    const small = path.join(work, 'small-icon.png');
    await fs.writeFile(small, encodePng(new Uint8Array(128 * 128 * 4), 128, 128));
    const withSmall = { ...structuredClone(config), icon: small };
    expect(await checkIcon(withSmall, packedFor('win').target, project.dir)).toEqual([
      'win: the icon is 128 px; NSIS needs 256 px or more for its .ico',
    ]);
  });

  describe('the packaged main process under plain Node', () => {
    let appDir: string;
    let report: ProbeReport;

    beforeAll(async () => {
      appDir = path.join(work, 'app-linux');
      asarModule().extractAll(path.join(packedFor('linux').appOutDir, 'resources', 'app.asar'), appDir);
      const dataDir = path.join(work, 'probe-data');
      await fs.mkdir(dataDir);
      report = await probePackagedMain({
        appDir,
        dataDir,
        calls: [
          ['getAppInfo', {}],
          ['listVoices', { engine: 'espeak' }],
        ],
      });
    }, BUILD_TIMEOUT_MS);

    it('opens the isolated, sandboxed window on the packaged page, answers StudioApi from the packaged worker, and quits', () => {
      // Nothing logged but Node's own warnings about this Node version (the app logs to stderr).
      const logged = report.stderr
        .split('\n')
        .filter(
          (line) =>
            line.trim() !== '' && !/^\(node:\d+\) \w*Warning|--trace-(warnings|deprecation)/.test(line),
        );
      expect(logged).toEqual([]);
      expect(report.exitCode).toBe(0);
      const events = report.events;
      const of = (type: string) => events.filter((event) => event.type === type);
      expect(of('enable-sandbox')).toHaveLength(1);
      expect(of('window')).toEqual([
        expect.objectContaining({
          webPreferences: expect.objectContaining({
            contextIsolation: true,
            sandbox: true,
            nodeIntegration: false,
          }),
          preloadExists: true,
          iconExists: true,
        }),
      ]);
      expect(of('page')).toEqual([
        expect.objectContaining({
          url: 'app://roundtable/index.html',
          status: 200,
          body: expect.stringContaining('<script'),
        }),
      ]);
      const [info, voices] = of('ipc') as unknown as Array<{ outcome: { ok: boolean; output: unknown } }>;
      expect(info?.outcome).toEqual({
        ok: true,
        output: expect.objectContaining({ mode: 'desktop', version: '0.1.0' }),
      });
      expect(voices?.outcome.ok).toBe(true);
      expect((voices?.outcome.output as unknown[]).length).toBeGreaterThan(5);
      expect(of('utility-fork')).toEqual([
        expect.objectContaining({
          modulePath: path.join(appDir, 'dist', 'electron', 'worker-main.js'),
          exists: true,
        }),
      ]);
      // The worker is stopped before the app quits: nothing is left running.
      const order = events
        .map((event) => event.type)
        .filter((type) => ['worker-exit', 'quit'].includes(type));
      expect(order).toEqual(['worker-exit', 'quit']);
      expect(of('error-box')).toEqual([]);
      expect(of('probe-error')).toEqual([]);
    });

    it('loads every module from inside the package', () => {
      expect(resolutionsOutside(report, appDir)).toEqual([]);
      const loaded = new Set(report.resolutions.map((resolution) => resolution.specifier));
      expect(loaded).toContain(pathToFileURL(path.join(appDir, 'dist', 'electron', 'worker-main.js')).href);
      // espeak-ng (0.8 MB of JavaScript) is loaded when something is rendered, not when the worker starts and
      // lists voices; that it is in the package is checked with every other later import, below.
      expect(loaded).not.toContain('@echogarden/espeak-ng-emscripten');
    });

    it('every module the bundles name (also those loaded later, like onnxruntime-node) is in the package', async () => {
      expect(await unresolvableImports(appDir)).toEqual([]);
      const broken = path.join(work, 'app-without-onnxruntime');
      await fs.cp(path.join(appDir, 'dist'), path.join(broken, 'dist'), { recursive: true });
      await fs.cp(path.join(appDir, 'package.json'), path.join(broken, 'package.json'));
      expect(await unresolvableImports(broken)).toEqual([
        'espeak-thread.js: @echogarden/espeak-ng-emscripten is not in the package',
        'inspect-model-child.js: onnxruntime-node is not in the package',
        'main.js: systeminformation is not in the package',
        'ort-thread.js: onnxruntime-node is not in the package',
        'worker-main.js: @echogarden/espeak-ng-emscripten is not in the package',
      ]);
    });
  });
});
