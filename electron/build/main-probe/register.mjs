// `node --import` entry of the packaged-main probe: installs resolve-hooks.mjs.
import { register } from 'node:module';

register('./resolve-hooks.mjs', import.meta.url, {
  data: {
    stub: new URL('./electron-stub.cjs', import.meta.url).href,
    log: process.env.ROUNDTABLE_PROBE_LOG,
  },
});
