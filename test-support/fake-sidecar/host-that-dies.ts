/**
 * A host that starts a sidecar and then waits to be killed (SIGKILL: no exit handler runs), for the test
 * that the next host ends the orphan; or, with --host-exit, calls process.exit() at once without stopping
 * it (the exit handler must). Arguments: <recordDir> <pidFile> [--host-exit] [sidecar args...]. Prints
 * "ready <sidecar pid>" once the sidecar is healthy.
 */
import { parseSidecarDefinition } from '../../electron/host/sidecar/sidecar-definition';
import { SidecarSupervisor } from '../../electron/host/sidecar/sidecar-supervisor';
import { fakeSidecarCommand } from './fake-sidecar-path';

const [recordDir, pidFile, ...rest] = process.argv.slice(2);
const exitAtOnce = rest.includes('--host-exit');
const extra = rest.filter((arg) => arg !== '--host-exit');
const supervisor = new SidecarSupervisor(
  parseSidecarDefinition({
    name: 'fake',
    command: fakeSidecarCommand(['--pid-file', pidFile!, ...extra]),
    values: { model: '/models/m' },
    idleTimeoutS: 0,
  }),
  { recordDir, healthPollMs: 20 },
);
const lease = await supervisor.acquire(new AbortController().signal);
process.stdout.write(`ready ${supervisor.pid} ${lease.baseUrl}\n`, () => {
  if (exitAtOnce) process.exit(0);
});
setInterval(() => undefined, 60_000);
