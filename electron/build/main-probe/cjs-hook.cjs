// `node --require` entry of the packaged-main probe: `require('electron')` gets the stand-in, and every
// require() resolution is written to the probe's log (ESM imports: resolve-hooks.mjs).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file: require() is how it loads */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const log = process.env.ROUNDTABLE_PROBE_LOG;
const stub = path.join(__dirname, 'electron-stub.cjs');
const original = Module._resolveFilename;

Module._resolveFilename = function resolveFilename(request, parent, ...rest) {
  const resolved = request === 'electron' ? stub : original.call(this, request, parent, ...rest);
  const url = path.isAbsolute(resolved)
    ? pathToFileURL(resolved).href
    : `node:${resolved.replace(/^node:/, '')}`;
  const from = parent?.filename ? pathToFileURL(parent.filename).href : null;
  fs.appendFileSync(
    log,
    `${JSON.stringify({ kind: 'resolve', via: 'require', specifier: request, parent: from, url })}\n`,
  );
  return resolved;
};
