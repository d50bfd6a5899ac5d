/**
 * The thread side of a block thread (block-thread-protocol.ts): every message is answered in order with
 * what the processor returns for it, the array's buffer transferred (a processor returns arrays of their
 * own). The processor is awaited before the first block (LAME's WebAssembly starts asynchronously); one
 * that fails to start or to process answers `failed` once, and nothing after.
 */
import { parentPort } from 'node:worker_threads';
import type { FromBlockThread, ToBlockThread } from './block-thread-protocol';

export interface BlockProcessor<In, Out extends ArrayBufferView> {
  block(data: In): Out;
  end(): Out;
}

/** @param entry the thread's file, named when it is loaded outside a worker thread */
export function serveBlocks<In, Out extends ArrayBufferView>(
  entry: string,
  start: () => BlockProcessor<In, Out> | Promise<BlockProcessor<In, Out>>,
): void {
  const port = parentPort;
  if (!port) throw new Error(`${entry} runs as a worker thread`);
  const reply = (message: FromBlockThread<Out>) =>
    port.postMessage(message, message.type === 'failed' ? [] : [message.data.buffer as ArrayBuffer]);
  let processor: Promise<BlockProcessor<In, Out>> | null = null;
  let failed = false;
  // One message after the other: the chain keeps them in order across the processor's start-up.
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (message: ToBlockThread<In>) => {
    chain = chain.then(async () => {
      if (failed) return;
      try {
        processor ??= Promise.resolve().then(start);
        const ready = await processor;
        if (message.type === 'block') reply({ type: 'block', data: ready.block(message.data) });
        else reply({ type: 'tail', data: ready.end() });
      } catch (error) {
        failed = true;
        reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}
