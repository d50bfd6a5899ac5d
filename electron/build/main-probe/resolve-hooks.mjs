// Module resolution hooks of the packaged-main probe (ESM imports; cjs-hook.cjs covers require): `electron`
// resolves to the stand-in, and every resolution is written to the probe's log.
import fs from 'node:fs';

let stub = '';
let log = '';

export function initialize(data) {
  stub = data.stub;
  log = data.log;
}

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL ?? null;
  if (specifier === 'electron') {
    fs.appendFileSync(
      log,
      `${JSON.stringify({ kind: 'resolve', via: 'import', specifier, parent, url: stub })}\n`,
    );
    return { url: stub, shortCircuit: true };
  }
  const result = await nextResolve(specifier, context);
  fs.appendFileSync(
    log,
    `${JSON.stringify({ kind: 'resolve', via: 'import', specifier, parent, url: result.url })}\n`,
  );
  return result;
}
