// electron-builder configuration for `npm run dist` (npm run build, then electron-builder).
// Packages the esbuild bundles (dist/electron) and the Vite build (dist/renderer); the only node_modules the
// app loads at run time are the externals of electron/build/bundle.ts: onnxruntime-node (native),
// @echogarden/espeak-ng-emscripten (espeak-ng.data beside its .js) and systeminformation.

/** Production dependencies that are bundled into dist/electron and need not ship as modules. */
const bundledDependencies = [
  'tsx',
  'esbuild',
  '@esbuild',
  'ws',
  'zod',
  'wasm-media-encoders',
  '@swc',
  // The speech-server engine's MP3 and FLAC decoders (and theirs), bundled into the host.
  'mpg123-decoder',
  '@wasm-audio-decoders',
  'simple-yenc',
  'codec-parser',
  '@eshaz',
];

/**
 * What an installer for `os` (onnxruntime-node's name for it: win32, linux, darwin) ships. electron-builder
 * does not merge a platform's `files` into the top-level list: a top-level list and a platform list are
 * two separate sets whose union is copied, and a platform list of exclusions only starts from every file
 * of the repository. So each platform gets one complete list and there is no top-level `files`.
 */
const filesFor = (os) => [
  'package.json',
  'LICENSE',
  'THIRD_PARTY_NOTICES.md',
  'dist/electron/**/*',
  'dist/renderer/**/*',
  '!**/*.map',
  ...bundledDependencies.map((name) => `!**/node_modules/${name}/**`),
  // onnxruntime-node carries binaries for every OS and CPU; each installer keeps its own (${arch} is the
  // architecture being packaged).
  `!**/node_modules/onnxruntime-node/bin/napi-v*/!(${os})/**`,
  '!**/node_modules/onnxruntime-node/bin/napi-v*/*/!(${arch})/**',
];

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'studio.roundtable.app',
  productName: 'Roundtable Studio',
  copyright: 'Copyright © Roundtable Studio contributors. GPL-3.0-or-later.',
  directories: {
    output: 'out/dist',
  },
  extraMetadata: {
    main: 'dist/electron/main.js',
  },
  asar: true,
  // Native addons and files read by path cannot be loaded from inside app.asar.
  asarUnpack: [
    '**/node_modules/onnxruntime-node/bin/**',
    '**/node_modules/@echogarden/espeak-ng-emscripten/**',
    '**/*.node',
  ],
  // onnxruntime-node ships N-API prebuilds: nothing to rebuild against Electron's headers.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  // Drawn from renderer/public/mark.svg by `npm run build:electron` (electron/build/app-icon.ts).
  icon: 'dist/electron/icon.png',
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    files: filesFor('win32'),
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    license: 'LICENSE',
    deleteAppDataOnUninstall: false,
    artifactName: 'Roundtable-Studio-Setup-${version}.${ext}',
  },
  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    category: 'AudioVideo',
    executableName: 'roundtable-studio',
    synopsis: 'Offline studio for long-form, multi-speaker speech',
    description:
      'Write or paste a script of speaker turns, give every speaker a voice, preview and regenerate turns on a ' +
      'timeline, and export a finished episode with transcripts and chapters. Inference runs on your own machine.',
    maintainer: 'Roundtable Studio contributors',
    files: filesFor('linux'),
  },
  appImage: {
    license: 'LICENSE',
    artifactName: 'Roundtable-Studio-${version}-${arch}.${ext}',
  },
  deb: {
    priority: 'optional',
    artifactName: 'roundtable-studio_${version}_${arch}.${ext}',
  },
};
