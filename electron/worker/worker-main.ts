/** Entry of the inference worker process (forked Node process, or Electron utilityProcess). */
import { createEngines } from './engines/registry';
import { FaultPlan, fire } from './faults';
import { connectToHost } from './transport';
import { WorkerService } from './worker-service';

const transport = connectToHost();
const faults = FaultPlan.fromEnv(process.env);
const startFault = faults.onStart();
if (startFault) {
  fire(startFault);
  process.exit(70); // `oom` and `error` have no call to fail at start-up: the worker dies as with `exit`.
}
const { engines } = createEngines((level, message) => transport.send({ type: 'log', level, message }));
const service = new WorkerService(engines, (message) => transport.send(message), faults);
transport.onMessage((message) => {
  void service.handle(message).then(() => {
    if (message.type === 'shutdown') setImmediate(() => process.exit(0));
  });
});
// The host went away (exited, killed, or its channel broke): end quietly. An engine that does not let go
// within a second is not waited for.
transport.onDisconnect(() => {
  setTimeout(() => process.exit(0), 1000).unref();
  void service.dispose().finally(() => process.exit(0));
});
service.start();
