/**
 * Entry of an espeak thread (a worker_thread inside the inference worker process). Each thread holds its own
 * espeak-ng instance, so a pool of them renders several turns at once on a multi-core machine while the
 * worker's main thread stays free for the host's messages and heartbeats. Requests run one at a time, in
 * arrival order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EspeakThreadData, FromEspeakThread, ToEspeakThread } from './espeak-thread-protocol';
import { ESPEAK_SAMPLE_RATE, EspeakWasm } from './espeak-wasm';

const port = parentPort;
if (!port) throw new Error('espeak-thread must run as a worker_thread');
const cancel = new Int32Array((workerData as EspeakThreadData).cancel);
/** About a second of audio per message. */
const BATCH_SAMPLES = ESPEAK_SAMPLE_RATE;

const post = (message: FromEspeakThread, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

const espeak = await EspeakWasm.load();
if (espeak.sampleRate !== ESPEAK_SAMPLE_RATE) {
  throw new Error(`this espeak-ng build renders at ${espeak.sampleRate} Hz, not ${ESPEAK_SAMPLE_RATE} Hz`);
}
port.on('message', (message: ToEspeakThread) => synthesize(message));
post({ type: 'ready' });

function synthesize({ id, text, options }: ToEspeakThread): void {
  const batch = new Batch((pcm) => post({ type: 'audio', id, pcm }, [pcm.buffer as ArrayBuffer]));
  const running = () => Atomics.load(cancel, 0) !== id;
  try {
    if (!espeak.setVoice(options.voice)) {
      post({
        type: 'failed',
        id,
        code: 'unknown-voice',
        message: `espeak-ng has no voice "${options.voice}"; run \`roundtable voices\``,
      });
      return;
    }
    espeak.synthesize(text, options, (block) => batch.add(block), running);
    batch.flush();
    post({ type: 'done', id, cancelled: !running() });
  } catch (error) {
    post({ type: 'failed', id, code: 'engine-failed', message: `espeak-ng failed: ${String(error)}` });
  }
}

/** Collects espeak's 16-bit blocks as float32 and hands them on about a second at a time. */
class Batch {
  private buffer = new Float32Array(BATCH_SAMPLES);
  private length = 0;

  constructor(private readonly send: (pcm: Float32Array) => void) {}

  add(block: Int16Array): void {
    let at = 0;
    while (at < block.length) {
      const take = Math.min(block.length - at, this.buffer.length - this.length);
      const buffer = this.buffer;
      for (let i = 0, o = this.length; i < take; i++, o++) buffer[o] = (block[at + i] as number) / 32768;
      this.length += take;
      at += take;
      if (this.length === this.buffer.length) this.flush();
    }
  }

  flush(): void {
    if (this.length === 0) return;
    const full = this.length === this.buffer.length;
    this.send(full ? this.buffer : this.buffer.slice(0, this.length));
    if (full) this.buffer = new Float32Array(BATCH_SAMPLES);
    this.length = 0;
  }
}
