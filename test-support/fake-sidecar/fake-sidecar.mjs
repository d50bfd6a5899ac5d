#!/usr/bin/env node
/**
 * A fake speech server for the managed-sidecar tests: it starts like audio.cpp's `audiocpp_server`
 * (binds 127.0.0.1:<port>, prints "listening", answers GET /health with 2xx once "loaded") and speaks the
 * OpenAI speech API minimally: GET /health, GET /v1/models, GET /v1/audio/voices, POST /v1/audio/speech
 * (a WAV or raw PCM of a tone, 24 kHz mono 16-bit, ~60 ms per character). It can misbehave on request.
 *
 * Arguments (everything else is ignored, so a definition may pass more):
 *   --port <n>              required; --host <ip> (default 127.0.0.1); --model <path> (its basename is the model id)
 *   --config <file>         an audio.cpp server.json: its port must be 1..65535 (checked before --port
 *                           overrides it, as audiocpp_server does), models[0].id is the model id and
 *                           models[0].path must exist
 *   --load-ms <n>           health answers 503 "loading" for this long after start (slow start)
 *   --ready-file <path>     health answers 503 until this file exists (a start that waits for the test)
 *   --hang-at-load          print "Loading diffusion model..." and never become healthy
 *   --crash-after <n>       serve n speech requests; the next one kills the process mid-request
 *   --exit-at-start <code>  print a fatal error and exit with this code before binding (a crash loop)
 *   --bind-failures <n>     with --state-dir: the first n starts fail as if the port were taken
 *   --state-dir <dir>       where start counts are kept across restarts
 *   --gpu-mib <n>           once loaded, report this much GPU memory for its pid through the fake
 *                           nvidia-smi (a file <FAKE_NVIDIA_SMI_APPS_DIR>/<pid> holding the MiB)
 *   --grandchild-pid-file <path>  spawn a child process (same process group) that lives on its own, and
 *                           write its pid here; with --gpu-mib the grandchild holds the GPU memory instead
 *   --ignore-sigterm        ignore SIGTERM (so only SIGKILL ends it; the grandchild too)
 *   --pid-file <path>       append its own pid here at start
 * Environment: FAKE_SIDECAR_MAX_LIFETIME_MS (default 5 minutes): exit after this long whatever happens,
 * so a test that fails before cleaning up leaves nothing running for long. There is deliberately no
 * "exit when the parent goes" guard: the tests check that the supervisor leaves no process behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const args = process.argv.slice(2);
const env = process.env;

function option(name) {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}
const flag = (name) => args.includes(name);

setTimeout(() => process.exit(70), Number(env.FAKE_SIDECAR_MAX_LIFETIME_MS ?? 300_000)).unref();

if (flag('--grandchild')) {
  // The grandchild: sits there (holding "GPU memory" if asked) until killed.
  if (flag('--ignore-sigterm')) process.on('SIGTERM', () => undefined);
  reportGpu(Number(option('--gpu-mib') ?? 0));
  setInterval(() => undefined, 60_000);
} else {
  main();
}

function reportGpu(mib) {
  const dir = env.FAKE_NVIDIA_SMI_APPS_DIR;
  if (!dir || !(mib > 0)) return;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, String(process.pid));
  fs.writeFileSync(file, String(mib));
  process.on('exit', () => fs.rmSync(file, { force: true }));
}

function readConfig(file) {
  const config = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Number.isInteger(config.port) || config.port <= 0 || config.port > 65535)
    fail('server port must be in 1..65535');
  const model = config.models?.[0];
  if (!model?.id || !model.path) fail('the config names no model');
  if (!fs.existsSync(model.path)) fail(`model path does not exist: ${model.path}`);
  return { host: config.host, port: config.port, modelId: model.id };
}

function fail(message) {
  process.stderr.write(`fake_sidecar failed: ${message}\n`);
  process.exit(1);
}

function main() {
  const config = option('--config') === undefined ? null : readConfig(option('--config'));
  const host = option('--host') ?? config?.host ?? '127.0.0.1';
  const port = Number(option('--port') ?? config?.port);
  const modelPath = option('--model') ?? 'fake-model';
  const modelId = config?.modelId ?? path.basename(modelPath);
  const startedAt = Date.now();
  const loadMs = Number(option('--load-ms') ?? 0);
  const readyFile = option('--ready-file');
  const hang = flag('--hang-at-load');
  const crashAfter = option('--crash-after') === undefined ? Infinity : Number(option('--crash-after'));
  const gpuMib = Number(option('--gpu-mib') ?? 0);
  const pidFile = option('--pid-file');

  if (pidFile) fs.appendFileSync(pidFile, `${process.pid}\n`);
  if (flag('--ignore-sigterm')) process.on('SIGTERM', () => process.stderr.write('SIGTERM ignored\n'));
  else process.on('SIGTERM', () => process.exit(0));

  const exitAtStart = option('--exit-at-start');
  if (exitAtStart !== undefined) {
    process.stderr.write('fake_sidecar failed: CUDA error: out of memory while creating the context\n');
    process.exit(Number(exitAtStart));
  }
  if (!(port > 0)) {
    process.stderr.write('fake_sidecar failed: --port <n> is required\n');
    process.exit(2);
  }

  let startNumber = 1;
  const stateDir = option('--state-dir');
  if (stateDir) {
    fs.mkdirSync(stateDir, { recursive: true });
    const counter = path.join(stateDir, 'starts');
    startNumber = Number(fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8') : 0) + 1;
    fs.writeFileSync(counter, String(startNumber));
  }
  if (startNumber <= Number(option('--bind-failures') ?? 0)) {
    process.stderr.write(`fake_sidecar failed: could not bind ${host}:${port} (address already in use)\n`);
    process.exit(1);
  }

  const grandchildPidFile = option('--grandchild-pid-file');
  if (grandchildPidFile) {
    const child = spawn(
      process.execPath,
      [
        process.argv[1],
        '--grandchild',
        '--gpu-mib',
        String(gpuMib),
        ...(flag('--ignore-sigterm') ? ['--ignore-sigterm'] : []),
      ],
      { stdio: 'ignore', env },
    );
    fs.writeFileSync(grandchildPidFile, String(child.pid));
  }

  const loaded = () =>
    !hang && Date.now() - startedAt >= loadMs && (readyFile === undefined || fs.existsSync(readyFile));
  if (hang) process.stderr.write('Loading diffusion model...\n');
  let gpuReported = false;
  let served = 0;

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${host}`);
    const json = (status, body) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && url.pathname === '/health') {
      if (!loaded()) return json(503, { status: 'loading' });
      if (!gpuReported) {
        gpuReported = true;
        process.stdout.write(`model ${modelId} loaded\n`);
        if (!grandchildPidFile) reportGpu(gpuMib);
      }
      return json(200, { status: 'ok', models: 1 });
    }
    if (!loaded()) return json(503, { error: { message: 'model is loading', type: 'server_busy' } });
    if (request.method === 'GET' && url.pathname === '/v1/models') {
      return json(200, { object: 'list', data: [{ id: modelId, object: 'model', owned_by: 'fake' }] });
    }
    if (request.method === 'GET' && url.pathname === '/v1/audio/voices') {
      return json(200, { voices: ['alba', 'marius'] });
    }
    if (request.method === 'POST' && url.pathname === '/v1/audio/speech') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (served >= crashAfter) {
          process.stderr.write('fake_sidecar: segmentation fault in the decoder\n');
          process.kill(process.pid, 'SIGKILL');
          return;
        }
        let input;
        try {
          input = JSON.parse(body);
        } catch {
          return json(400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
        }
        if (typeof input.input !== 'string' || input.input.length === 0 || typeof input.model !== 'string')
          return json(400, {
            error: { message: 'model and input are required', type: 'invalid_request_error' },
          });
        const format = input.response_format ?? 'wav';
        if (format !== 'wav' && format !== 'pcm')
          return json(400, {
            error: { message: `unsupported response_format ${format}`, type: 'invalid_request_error' },
          });
        served += 1;
        const pcm = tone(input.input.length);
        response.writeHead(200, { 'content-type': format === 'wav' ? 'audio/wav' : 'audio/pcm' });
        response.end(format === 'wav' ? Buffer.concat([wavHeader(pcm.length), pcm]) : pcm);
      });
      return;
    }
    json(404, { error: { message: `unknown endpoint: ${url.pathname}`, type: 'not_found' } });
  });
  server.on('error', (error) => {
    process.stderr.write(
      `fake_sidecar failed: could not bind ${host}:${port} (${error.code ?? error.message})\n`,
    );
    process.exit(1);
  });
  server.listen(port, host, () => {
    process.stdout.write(`fake_sidecar listening on http://${host}:${port}\n`);
  });
}

const RATE = 24_000;

/** 16-bit mono PCM: a 220 Hz tone, 60 ms per character. */
function tone(chars) {
  const samples = Math.max(1, Math.round(chars * 0.06 * RATE));
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / RATE)), i * 2);
  }
  return pcm;
}

function wavHeader(dataBytes) {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}
