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
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid([
        [nodeBuiltins, 'shared/ is pure TypeScript: no Node built-ins.'],
        [['electron', 'electron/*'], 'shared/ must not import Electron.'],
        [['react', 'react-dom', 'zustand', 'wavesurfer.js'], 'shared/ must not import UI libraries.'],
        [['**/electron/**', '**/renderer/**'], 'shared/ imports nothing from other folders.'],
      ]),
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': forbid([
        [nodeBuiltins, 'The renderer never touches Node: go through StudioApi.'],
        [['electron', 'electron/*'], 'The renderer never imports Electron: go through StudioApi.'],
        [['**/electron/**'], 'The renderer imports only shared/.'],
      ]),
    },
  },
  {
    files: [
      'electron/host/**/*.ts',
      'electron/worker/**/*.ts',
      'electron/server/**/*.ts',
      'electron/cli/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': forbid([
        [['electron', 'electron/*'], 'Only electron/main and electron/preload may import Electron.'],
        [['**/main/**', '**/preload/**'], 'Services below the Electron glue never import it.'],
        [['**/renderer/**'], 'Node code never imports the renderer.'],
      ]),
    },
  },
  {
    files: ['electron/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid([
        [['electron', 'electron/*'], 'The worker runs without Electron APIs.'],
        [
          ['**/main/**', '**/preload/**', '**/host/**', '**/server/**', '**/cli/**'],
          'The worker only talks the protocol in shared/.',
        ],
      ]),
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js', 'e2e/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
