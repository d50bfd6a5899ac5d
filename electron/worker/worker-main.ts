/** Entry of the inference worker process (forked Node process, or Electron utilityProcess). */
import { createEngines } from './engines/registry';
import { FaultPlan } from './faults';
import { connectToHost } from './transport';
import { WorkerService } from './worker-service';

const transport = connectToHost();
const { engines } = createEngines((level, message) => transport.send({ type: 'log', level, message }));
const service = new WorkerService(
  engines,
  (message) => transport.send(message),
  FaultPlan.fromEnv(process.env),
);
transport.onMessage((message) => {
  void service.handle(message).then(() => {
    if (message.type === 'shutdown') setImmediate(() => process.exit(0));
  });
});
transport.onDisconnect(() => {
  void service.dispose().finally(() => process.exit(0));
});
service.start();
