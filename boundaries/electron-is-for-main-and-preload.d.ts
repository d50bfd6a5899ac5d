// Not a module on purpose. The tsconfig `paths` of every project but electron/main and electron/preload map
// `electron` here, so importing Electron anywhere else fails `tsc -b` with "… is not a module" naming this
// file. Services below the Electron glue run in plain Node too (serve mode, the CLI, tests).
