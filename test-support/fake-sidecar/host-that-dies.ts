/**
 * A host that starts a sidecar and then waits to be killed (SIGKILL: no exit handler runs), for the test
 * that the next host ends the orphan. Arguments: <recordDir> <pidFile> [sidecar args...]. Prints
 * "ready <sidecar pid>" once the sidecar is healthy.
 */
import { parseSidecarDefinition } from '../../electron/host/sidecar/sidecar-definition';
import { SidecarSupervisor } from '../../electron/host/sidecar/sidecar-supervisor';
import { fakeSidecarCommand } from './fake-sidecar-path';

const [recordDir, pidFile, ...extra] = process.argv.slice(2);
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
process.stdout.write(`ready ${supervisor.pid} ${lease.baseUrl}\n`);
setInterval(() => undefined, 60_000);
