/**
 * Entry of the onnxruntime thread (a worker_thread inside the inference worker process). onnxruntime-node's
 * `InferenceSession.create` and `run` return promises but do their work synchronously on the calling thread
 * (measured: a 3 s run let a 10 ms interval tick 0 times), so every session lives here, away from the thread
 * that answers the host's messages and heartbeats. Requests are answered in arrival order.
 */
import { parentPort } from 'node:worker_threads';
import { InferenceSession, Tensor, env } from 'onnxruntime-node';
import type { FromOrtThread, RunOutput, StateEntrySpec, ToOrtThread } from './ort-thread-protocol';
import type { TensorData, TensorElementType, TensorPayload, ValueInfo } from './tensor-payload';

const port = parentPort;
if (!port) throw new Error('ort-thread must run as a worker_thread');

// Provider probing (CUDA without its add-on) makes onnxruntime log errors to stderr; failures reach the
// engines as exceptions with the same text, so the process-wide log stays quiet.
env.logLevel = 'fatal';

const sessions = new Map<number, InferenceSession>();
let nextSessionId = 1;
/** Resident states (KV caches, decoder states), by the id their owner chose; they never cross the boundary. */
const states = new Map<number, Map<string, Tensor>>();

function initialTensor(entry: StateEntrySpec): Tensor {
  const count = entry.dims.reduce((a, b) => a * b, 1);
  const one = entry.fill === 'ones' ? 1 : 0;
  switch (entry.type) {
    case 'float32':
      return new Tensor(
        'float32',
        new Float32Array(count).fill(entry.fill === 'nan' ? Number.NaN : one),
        entry.dims,
      );
    case 'int64':
      return new Tensor('int64', new BigInt64Array(count).fill(BigInt(one)), entry.dims);
    case 'int32':
      return new Tensor('int32', new Int32Array(count).fill(one), entry.dims);
    case 'bool':
      return new Tensor('bool', new Uint8Array(count).fill(one), entry.dims);
  }
}

function copyTensor(tensor: Tensor): Tensor {
  const data = tensor.data as Float32Array | BigInt64Array | Int32Array | Uint8Array;
  return new Tensor(tensor.type as 'float32', data.slice() as Float32Array, [...tensor.dims]);
}

function stateOf(stateId: number): Map<string, Tensor> {
  const state = states.get(stateId);
  if (!state) throw new Error(`state ${stateId} does not exist`);
  return state;
}

function describe(metadata: readonly InferenceSession.ValueMetadata[]): ValueInfo[] {
  return metadata.map((value) =>
    value.isTensor
      ? { name: value.name, type: value.type, shape: [...value.shape] }
      : { name: value.name, type: 'non-tensor', shape: [] },
  );
}

function toPayload(tensor: Tensor): TensorPayload {
  const type = tensor.type as TensorElementType;
  if (type !== 'float32' && type !== 'int32' && type !== 'int64') {
    throw new Error(`output element type ${tensor.type} is not supported`);
  }
  const view = tensor.data as TensorData;
  // Hand over a buffer of exactly this tensor, so transferring it moves nothing else.
  const own = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice();
  return { type, data: own, dims: [...tensor.dims] };
}

async function handle(message: ToOrtThread): Promise<FromOrtThread> {
  switch (message.type) {
    case 'create': {
      const session = await InferenceSession.create(message.modelPath, message.options);
      const sessionId = nextSessionId++;
      sessions.set(sessionId, session);
      return {
        reqId: message.reqId,
        ok: true,
        value: {
          sessionId,
          inputs: describe(session.inputMetadata),
          outputs: describe(session.outputMetadata),
        },
      };
    }
    case 'run': {
      const session = sessions.get(message.sessionId);
      if (!session) throw new Error(`session ${message.sessionId} is not open`);
      const feeds: Record<string, Tensor> = {};
      const state = message.state ? stateOf(message.state.stateId) : undefined;
      if (state) for (const [name, tensor] of state) feeds[name] = tensor;
      for (const [name, payload] of Object.entries(message.feeds)) {
        feeds[name] = new Tensor(payload.type, payload.data, payload.dims);
      }
      const started = performance.now();
      const results = await session.run(feeds, message.options);
      const runMs = performance.now() - started;
      const carry = message.state?.carry ?? {};
      const outputs: Record<string, TensorPayload> = {};
      for (const [name, value] of Object.entries(results)) {
        const into = carry[name];
        if (state && into !== undefined) state.set(into, value as Tensor);
        else outputs[name] = toPayload(value as Tensor);
      }
      return { reqId: message.reqId, ok: true, value: { outputs, runMs } };
    }
    case 'state-init': {
      states.set(
        message.stateId,
        new Map(message.entries.map((entry) => [entry.name, initialTensor(entry)])),
      );
      return { reqId: message.reqId, ok: true, value: null };
    }
    case 'state-copy': {
      const source = stateOf(message.from);
      states.set(message.to, new Map([...source].map(([name, tensor]) => [name, copyTensor(tensor)])));
      return { reqId: message.reqId, ok: true, value: null };
    }
    case 'state-release': {
      states.delete(message.stateId);
      return { reqId: message.reqId, ok: true, value: null };
    }
    case 'release': {
      const session = sessions.get(message.sessionId);
      sessions.delete(message.sessionId);
      await session?.release();
      return { reqId: message.reqId, ok: true, value: null };
    }
    case 'exit':
      return process.exit(message.code);
  }
}

function transferables(message: ToOrtThread, reply: FromOrtThread): ArrayBuffer[] {
  if (message.type !== 'run' || !reply.ok) return [];
  const { outputs } = reply.value as RunOutput;
  return Object.values(outputs).map((tensor) => tensor.data.buffer as ArrayBuffer);
}

// One request at a time: a session run is synchronous anyway, and order keeps replies predictable.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToOrtThread) => {
  queue = queue.then(async () => {
    let reply: FromOrtThread;
    try {
      reply = await handle(message);
    } catch (error) {
      reply = {
        reqId: message.reqId,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      };
    }
    port.postMessage(reply, transferables(message, reply));
  });
});
