/**
 * `roundtable engines <add|list|test|remove>`: speech servers as engines (engines.json in the data folder).
 * Nothing is sent anywhere until an endpoint is added; endpoints off this machine are marked remote.
 */
import { parseArgs } from 'node:util';
import { counted } from '../../../shared/text/plural';
import { HostError } from '../../host/host-error';
import { resolveDataDir } from '../../host/paths';
import { listServerModels, listServerVoices } from '../../host/speech-server/discovery';
import { EndpointPool } from '../../host/speech-server/endpoint-pool';
import { UrlEndpointSource } from '../../host/speech-server/endpoint-source';
import type { EndpointConfig, ServerEngineConfig } from '../../host/speech-server/engine-config';
import { displayUrl, EndpointConfigSchema, isLoopbackUrl } from '../../host/speech-server/engine-config';
import { ServerEngine } from '../../host/speech-server/server-engine';
import { ServerEngines } from '../../host/speech-server/server-engines';
import type { CliIo } from '../cli-io';
import { isSidecarAdd, SIDECAR_ADD_USAGE, sidecarDefinitionFromArgs, testSidecar } from './engines-sidecar';
import { UserError } from '../cli-io';

/** The first voice of OpenAI's speech API reference, tried when a server lists none and none was entered. */
const OPENAI_STANDARD_VOICE = 'alloy';

export const ENGINES_USAGE = `Usage: roundtable engines <command> [options]   (no command: list)

Speech servers (OpenAI-compatible /v1/audio/speech: vLLM-Omni, LocalAI, Kokoro-FastAPI, audio.cpp, ...) as
engines. Voices are then "<name>:<model>/<voice>", e.g. --voice "Host=lab:tts-1/alloy".

Commands:
  add <name> --url <base-url> [--url <base-url> ...] [options]
                           add an engine, or endpoints to its pool (same name: same model)
    --model <id>           the model every request names (required for a new engine)
    --max-concurrent <n>   requests this endpoint takes at once (default 1)
    --api-key-env <VAR>    read the bearer key from this environment variable
    --api-key-file <name>  read it from <data folder>/keys/<name> (mode 0600)
    --dialect <d>          openai (default: only OpenAI's fields) or audiocpp (adds seed, CFG, steps)
    --format <f>           wav (default), pcm, flac or mp3: what to ask the server for
    --stream               ask for stream_format "sse"
    --voice <id>           a voice by hand, for servers without GET /v1/audio/voices; repeatable
${SIDECAR_ADD_USAGE}
  A sidecar's requests name the model --speech-model <id> (the audio.cpp preset knows its own); they use
  audio.cpp's fields (seed, ...) unless --dialect openai.
  list [--json]            engines, endpoints, where keys are read from, local or remote
  test <name>              each endpoint: models, voices, one short render and its round-trip time
  remove <name> [--url <base-url>]   remove an engine, or one endpoint of its pool

Keys are never written by Roundtable: only the variable or file name is stored.
`;

export async function runEnginesCommand(args: string[], io: CliIo): Promise<number> {
  if (args[0] === 'add' && isSidecarAdd(args)) return addSidecar(args.slice(1), io);
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      url: { type: 'string', multiple: true, default: [] },
      model: { type: 'string' },
      'max-concurrent': { type: 'string' },
      'api-key-env': { type: 'string' },
      'api-key-file': { type: 'string' },
      dialect: { type: 'string' },
      format: { type: 'string' },
      stream: { type: 'boolean', default: false },
      voice: { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(ENGINES_USAGE);
    return 0;
  }
  const [command = 'list', name, ...rest] = positionals;
  if (rest.length > 0) throw new UserError(`unexpected arguments: ${rest.join(' ')}`, ENGINES_USAGE);
  const engines = new ServerEngines({ dataDir: resolveDataDir() });
  try {
    switch (command) {
      case 'list':
        return await list(engines, io, values.json ?? false);
      case 'add':
        return await add(engines, io, requireName(name, 'add'), values);
      case 'remove':
        return await remove(engines, io, requireName(name, 'remove'), values.url ?? []);
      case 'test':
        return await test(engines, io, requireName(name, 'test'));
      default:
        throw new UserError(`unknown engines command "${command}"`, ENGINES_USAGE);
    }
  } catch (error) {
    if (error instanceof HostError) throw new UserError(error.message, error.hint);
    throw error;
  } finally {
    await engines.dispose();
  }
}

function requireName(name: string | undefined, command: string): string {
  if (!name) throw new UserError(`engines ${command} needs an engine name`, ENGINES_USAGE);
  return name;
}

/** Where an endpoint's key comes from, in words (never the key). */
function keySource(endpoint: EndpointConfig): string {
  if (endpoint.apiKeyEnv) return `key from $${endpoint.apiKeyEnv}`;
  if (endpoint.apiKeyFile) return `key from keys/${endpoint.apiKeyFile}`;
  return 'no key';
}

function where(url: string): string {
  return isLoopbackUrl(url) ? 'local' : `remote: sends text to ${displayUrl(url)}`;
}

async function list(engines: ServerEngines, io: CliIo, json: boolean): Promise<number> {
  const configs = await engines.store.list();
  if (json) {
    io.stdout(
      `${JSON.stringify(
        configs.map((config) => ({
          ...config,
          endpoints: config.endpoints.map((endpoint) => ({
            ...endpoint,
            remote: !isLoopbackUrl(endpoint.url),
          })),
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (configs.length === 0) {
    io.stdout(
      'no speech servers: nothing leaves this machine. Add one with `roundtable engines add <name> --url <base-url> --model <id>`\n',
    );
    return 0;
  }
  for (const config of configs) {
    io.stdout(
      `${config.name}  model ${config.model}, ${config.dialect}, asks for ${config.stream ? 'pcm (sse)' : config.responseFormat}${config.voices.length ? `, voices ${config.voices.join(', ')}` : ''}\n`,
    );
    if (config.sidecar)
      io.stdout(`  sidecar: ${config.sidecar.command.join(' ')}  (started on demand on 127.0.0.1, local)\n`);
    for (const endpoint of config.endpoints)
      io.stdout(
        `  ${displayUrl(endpoint.url)}  ${endpoint.maxConcurrent} at once, ${keySource(endpoint)}, ${where(endpoint.url)}\n`,
      );
  }
  return 0;
}

function intOption(value: string | undefined, option: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw new UserError(`--${option} must be a whole number from ${min} to ${max} (got "${value}")`);
  return number;
}

async function add(
  engines: ServerEngines,
  io: CliIo,
  name: string,
  values: {
    url?: string[];
    model?: string;
    'max-concurrent'?: string;
    'api-key-env'?: string;
    'api-key-file'?: string;
    dialect?: string;
    format?: string;
    stream?: boolean;
    voice?: string[];
  },
): Promise<number> {
  const urls = values.url ?? [];
  if (urls.length === 0)
    throw new UserError('engines add needs --url <base-url>', 'e.g. --url http://127.0.0.1:8880/v1');
  if (values['api-key-env'] && values['api-key-file'])
    throw new UserError('give the key as --api-key-env or --api-key-file, not both');
  if (values.dialect !== undefined && !['openai', 'audiocpp'].includes(values.dialect))
    throw new UserError(`--dialect is openai or audiocpp (got "${values.dialect}")`);
  if (values.format !== undefined && !['wav', 'pcm', 'flac', 'mp3'].includes(values.format))
    throw new UserError(
      `--format is wav, pcm, flac or mp3 (got "${values.format}")`,
      'opus and aac are not decoded',
    );
  const maxConcurrent = intOption(values['max-concurrent'], 'max-concurrent', 1, 64) ?? 1;
  const engine: Partial<ServerEngineConfig> & { name: string } = {
    name,
    ...(values.model ? { model: values.model } : {}),
    ...(values.dialect ? { dialect: values.dialect as ServerEngineConfig['dialect'] } : {}),
    ...(values.format ? { responseFormat: values.format as ServerEngineConfig['responseFormat'] } : {}),
    ...(values.stream ? { stream: true } : {}),
    ...(values.voice?.length ? { voices: values.voice } : {}),
  };
  for (const url of urls) {
    const parsed = EndpointConfigSchema.safeParse({
      url,
      maxConcurrent,
      ...(values['api-key-env'] ? { apiKeyEnv: values['api-key-env'] } : {}),
      ...(values['api-key-file'] ? { apiKeyFile: values['api-key-file'] } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(
        `${issue?.path.join('.') === 'url' ? `--url "${url}"` : `--${String(issue?.path[0] ?? '')}`}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const stored = await engines.store.addEndpoint(engine, parsed.data);
    io.stdout(
      `${name}: added ${displayUrl(url)} (${counted(stored.endpoints.length, 'endpoint')}, model ${stored.model}); ${isLoopbackUrl(url) ? 'local: text stays on this machine' : `remote: renders with it send text to ${displayUrl(url)}`}\n`,
    );
  }
  io.stdout(`check it with \`roundtable engines test ${name}\`\n`);
  return 0;
}

/** `engines add <name> --command ...|--preset ...`: a local server the studio starts and supervises. */
async function addSidecar(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name.startsWith('-')) throw new UserError('engines add needs an engine name', ENGINES_USAGE);
  let speechModel: string | undefined;
  let dialect: string | undefined;
  const forSidecar: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--speech-model') speechModel = rest[++i];
    else if (arg.startsWith('--speech-model=')) speechModel = arg.slice('--speech-model='.length);
    else if (arg === '--dialect') dialect = rest[++i];
    else forSidecar.push(arg);
  }
  if (dialect !== undefined && dialect !== 'openai' && dialect !== 'audiocpp')
    throw new UserError(`--dialect is openai or audiocpp (got "${dialect}")`);
  const definition = sidecarDefinitionFromArgs(name, forSidecar);
  // The audio.cpp preset names its model in the config file it writes for the server.
  const model = speechModel ?? /"id"\s*:\s*"([^"]+)"/.exec(definition.configFile?.text ?? '')?.[1];
  if (!model)
    throw new UserError(
      'engines add needs the model id the sidecar serves',
      'add --speech-model <id> (the id in its GET /v1/models)',
    );
  const engines = new ServerEngines({ dataDir: resolveDataDir() });
  try {
    await engines.store.addSidecar({ name, model, ...(dialect ? { dialect } : {}) }, definition);
  } catch (error) {
    if (error instanceof HostError) throw new UserError(error.message, error.hint);
    throw error;
  }
  io.stdout(
    `${name}: a sidecar (${definition.command[0] ?? ''}, started on demand on 127.0.0.1, stopped after ${definition.idleTimeoutS} s idle) serving model ${model}; local: text stays on this machine\n`,
  );
  io.stdout(`check it with \`roundtable engines test ${name}\`\n`);
  return 0;
}

async function remove(engines: ServerEngines, io: CliIo, name: string, urls: string[]): Promise<number> {
  if (urls.length > 1) throw new UserError('engines remove takes at most one --url');
  const removed = await engines.store.remove(name, urls[0]);
  if (!removed)
    throw new UserError(
      urls[0] ? `${name} has no endpoint ${urls[0]}` : `no engine "${name}"`,
      'list them with `roundtable engines list`',
    );
  io.stdout(urls[0] ? `${name}: removed ${displayUrl(urls[0])}\n` : `removed ${name}\n`);
  return 0;
}

async function test(engines: ServerEngines, io: CliIo, name: string): Promise<number> {
  const config = await engines.store.get(name);
  if (!config) throw new UserError(`no engine "${name}"`, 'list them with `roundtable engines list`');
  let failures = 0;
  if (config.sidecar) {
    io.stdout(`sidecar ${config.sidecar.name} (local)\n`);
    try {
      const result = await testSidecar(
        config.sidecar,
        AbortSignal.timeout((config.sidecar.loadTimeoutS + 30) * 1000),
      );
      io.stdout(
        `  started and healthy in ${result.loadMs} ms; models: ${result.models.join(', ') || '(none listed)'}; stopped again\n`,
      );
    } catch (error) {
      io.stdout(`  failed: ${(error as Error).message}\n`);
      failures += 1;
    }
  }
  for (const endpoint of config.endpoints) {
    const label = displayUrl(endpoint.url);
    io.stdout(`${label} (${where(endpoint.url)})\n`);
    const signal = AbortSignal.timeout(120_000);
    let apiKey: string | undefined;
    try {
      apiKey = await engines.keys.keyFor(name, endpoint);
    } catch (error) {
      io.stdout(`  key: ${(error as Error).message}\n`);
      failures += 1;
      continue;
    }
    const exchange = { baseUrl: endpoint.url, ...(apiKey ? { apiKey } : {}), timeoutMs: 15_000, signal };
    try {
      const models = await listServerModels(exchange);
      io.stdout(
        `  models: ${models.join(', ') || '(none listed)'}${models.length > 0 && !models.includes(config.model) ? `  — "${config.model}" is not among them` : ''}\n`,
      );
    } catch (error) {
      io.stdout(`  models: ${(error as Error).message}\n`);
    }
    let voice = config.voices[0];
    try {
      const voices = await listServerVoices(exchange, config.model);
      io.stdout(
        `  voices: ${voices.length > 0 ? voices.map((entry) => entry.id).join(', ') : '(none listed)'}\n`,
      );
      voice ??= voices[0]?.id;
    } catch (error) {
      io.stdout(
        `  voices: not listed (${(error as Error).message})${config.voices.length ? `; using the voices entered by hand: ${config.voices.join(', ')}` : ''}\n`,
      );
    }
    if (!voice) {
      // OpenAI's own API lists no voices (there is no GET /v1/audio/voices); its documented voices are
      // what most compatible servers accept, so the test tries the first of them rather than nothing.
      voice = OPENAI_STANDARD_VOICE;
      io.stdout(
        `  render: trying OpenAI's standard voice "${voice}"; enter this server's voices with \`engines add ${name} --url ... --voice <id>\`\n`,
      );
    }
    const single = new ServerEngine(
      { ...config, endpoints: [endpoint] },
      new EndpointPool([new UrlEndpointSource(endpoint.url, 1, async () => apiKey)]),
      { maxAttempts: 1 },
    );
    const started = Date.now();
    try {
      const result = await single.synthesize(
        'This is a test of the speech server.',
        { engine: name, model: config.model, voice, params: { ratePercent: 100, pitchSemitones: 0 } },
        signal,
      );
      io.stdout(
        `  render: ${(result.pcm.length / result.sampleRate).toFixed(1)} s of audio with voice ${voice} in ${Date.now() - started} ms\n`,
      );
    } catch (error) {
      io.stdout(`  render: failed: ${(error as Error).message}\n`);
      failures += 1;
    } finally {
      await single.pool.dispose();
    }
  }
  io.stdout(
    failures === 0 ? `${name}: every endpoint works\n` : `${name}: ${counted(failures, 'endpoint')} failed\n`,
  );
  return failures === 0 ? 0 : 1;
}
