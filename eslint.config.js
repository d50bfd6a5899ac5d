// Lint rules, including the process boundaries of docs/DESIGN (shared/DESIGN.md "Layout").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'http',
  'net',
  'stream',
];

/** Builds a no-restricted-imports rule from import patterns and a message saying why. */
function forbid(groups) {
  return ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];
}

/** The import bans, by name: each is [patterns, why]. */
const BAN = {
  node: [nodeBuiltins, 'Not Node: go through StudioApi (or keep this code pure).'],
  nodePackages: [
    ['ws', 'onnxruntime-node', 'systeminformation', 'tsx', 'tsx/*', 'wasm-media-encoders', '@echogarden/*'],
    'Node-only packages run in the host or the worker, never in the browser.',
  ],
  electron: [['electron', 'electron/*'], 'Only electron/main and electron/preload may import Electron.'],
  ui: [['react', 'react-dom', 'zustand', 'wavesurfer.js'], 'UI libraries belong to the renderer.'],
  renderer: [['**/renderer/**'], 'Nothing outside the renderer imports it.'],
  onlyShared: [['**/electron/**', '**/renderer/**'], 'This folder imports only shared/.'],
  glue: [['**/main/**', '**/preload/**'], 'Services below the Electron glue never import it.'],
  services: [['**/host/**', '**/server/**', '**/cli/**'], 'The worker only talks the protocol in shared/.'],
  cli: [['**/cli/**'], 'The CLI is a front end: nothing below it imports it.'],
  server: [['**/server/**'], 'Serve mode is a front end: what it shares with IPC is in electron/transport/.'],
  testing: [['**/testing/**', '**/test-support/**'], 'Test helpers are for tests only.'],
  fakeApi: [['**/dev/**'], 'renderer/src/dev (the in-memory StudioApi) is for tests only.'],
};

/**
 * The process boundaries (docs/DESIGN.md "Layout"), which the tsconfig project references also enforce
 * (each process's tsconfig lists only the projects it may import; test-support/boundaries checks it): one config for a folder's code and one for its tests,
 * each listing every ban it has (a later config object replaces a rule rather than adding to it, so a
 * partial override would silently drop earlier bans). Tests keep their folder's bans but may use helpers.
 */
function boundaryConfigs() {
  const tests = ['**/*.test.ts', '**/*.test.tsx', '**/testing/**'];
  const areas = [
    {
      files: ['shared/**/*.ts'],
      bans: ['node', 'nodePackages', 'electron', 'ui', 'onlyShared'],
      testBans: ['electron', 'ui', 'onlyShared'],
    },
    {
      files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
      helpers: ['renderer/src/dev/**'],
      bans: ['node', 'nodePackages', 'electron', 'onlyShared', 'fakeApi'],
      testBans: ['electron', 'onlyShared'],
    },
    { files: ['electron/worker/**/*.ts'], bans: ['electron', 'glue', 'services', 'renderer'] },
    {
      files: ['electron/host/**/*.ts', 'electron/threads/**/*.ts', 'electron/transport/**/*.ts'],
      bans: ['electron', 'glue', 'cli', 'server', 'renderer'],
    },
    { files: ['electron/server/**/*.ts'], bans: ['electron', 'glue', 'cli', 'renderer'] },
    { files: ['electron/cli/**/*.ts'], bans: ['electron', 'glue', 'renderer'] },
    { files: ['electron/main/**/*.ts'], bans: ['cli', 'server', 'renderer'] },
    { files: ['electron/preload/**/*.ts'], bans: ['onlyShared'] },
    { files: ['electron/build/**/*.ts'], bans: ['electron', 'ui', 'onlyShared'] },
  ];
  const rule = (names) => forbid(names.map((name) => BAN[name]));
  return areas.flatMap((area) => {
    const testFiles = [...tests, ...(area.helpers ?? [])];
    return [
      {
        files: area.files,
        ignores: testFiles,
        rules: { 'no-restricted-imports': rule([...area.bans, 'testing']) },
      },
      {
        // Arrays inside `files` are ANDs: a test (or helper) file inside this folder.
        files: area.files.flatMap((folder) => testFiles.map((test) => [folder, test])),
        rules: { 'no-restricted-imports': rule(area.testBans ?? area.bans) },
      },
    ];
  });
}

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'out',
      '.tsbuild',
      '.scratch',
      'bench/results',
      'e2e/artifacts',
      'test-results',
      'coverage',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { z } from 'zod'` makes esbuild keep the whole of zod, its 40 locales included: 470 KB in
      // every bundle that validates (docs/benchmarks.md, "Where a short render's CPU goes").
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "Write `import * as z from 'zod'`: bundles then drop what they do not use.",
        },
      ],
    },
  },
  // Every file gets exactly one set of import bans, listed in full for its folder (a later config object
  // replaces a rule rather than adding to it, so a partial override would silently drop earlier bans).
  ...boundaryConfigs(),
  {
    files: ['electron/cli/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js', 'e2e/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
