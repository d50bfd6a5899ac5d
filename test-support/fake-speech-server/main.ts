/**
 * The fake speech server as its own process (for tests that kill a server mid-render):
 * `node bin/run-ts.js test-support/fake-speech-server/main.ts [--latency-ms N] [--dialect openai|audiocpp]`
 * prints `{"url":"http://127.0.0.1:<port>"}` on one line once it listens (and with `--log-requests`, a line
 * `speech request` as each speech request starts, and `voice_samples <paths>` when it names reference clips).
 */
import { parseArgs } from 'node:util';
import { FakeSpeechServer } from './fake-speech-server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'latency-ms': { type: 'string' },
    dialect: { type: 'string' },
    model: { type: 'string' },
    'api-key': { type: 'string' },
    'log-requests': { type: 'boolean', default: false },
  },
});
const server = await FakeSpeechServer.start({
  ...(values.port ? { port: Number(values.port) } : {}),
  ...(values['latency-ms'] ? { latencyMs: Number(values['latency-ms']) } : {}),
  ...(values.dialect === 'audiocpp' ? { dialect: 'audiocpp' as const } : {}),
  ...(values.model ? { model: values.model } : {}),
  ...(values['api-key'] ? { apiKey: values['api-key'] } : {}),
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
if (values['log-requests'])
  server.onSpeechRequest = (body) => {
    process.stdout.write('speech request\n');
    const samples = (body as { options?: { voice_samples?: unknown } }).options?.voice_samples;
    if (samples !== undefined) process.stdout.write(`voice_samples ${String(samples)}\n`);
  };
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
