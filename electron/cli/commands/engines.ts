/**
 * `roundtable engines <add|list|test|remove>`: speech servers as engines (engines.json in the data folder).
 * Nothing is sent anywhere until an endpoint is added; endpoints off this machine are marked remote.
 */
import { parseArgs } from 'node:util';
import { counted } from '../../../shared/text/plural';
import { HostError } from '../../host/host-error';
import { resolveDataDir } from '../../host/paths';
import type { FieldNames } from '../../host/speech-server/engine-admin';
import {
  addSidecarEngine,
  addUrlEndpoint,
  keySource,
  OPENAI_STANDARD_VOICE,
  testServerEngine,
  whereText as where,
} from '../../host/speech-server/engine-admin';
import type { ServerEngineConfig } from '../../host/speech-server/engine-config';
import { displayUrl, isLoopbackUrl } from '../../host/speech-server/engine-config';
import { ServerEngines } from '../../host/speech-server/server-engines';
import type { CliIo } from '../cli-io';
import { CLI_SIDECAR_FIELDS } from '../../host/sidecar/sidecar-fields';
import { isSidecarAdd, SIDECAR_ADD_USAGE, sidecarFieldsFromArgs } from './engines-sidecar';
import { UserError } from '../cli-io';

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

const CLI_FIELD_NAMES: FieldNames = {
  url: '--url',
  apiKeyEnv: '--api-key-env',
  apiKeyFile: '--api-key-file',
  maxConcurrent: '--max-concurrent',
};

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
  if (values.dialect !== undefined && !['openai', 'audiocpp'].includes(values.dialect))
    throw new UserError(`--dialect is openai or audiocpp (got "${values.dialect}")`);
  if (values.format !== undefined && !['wav', 'pcm', 'flac', 'mp3'].includes(values.format))
    throw new UserError(
      `--format is wav, pcm, flac or mp3 (got "${values.format}")`,
      'opus and aac are not decoded',
    );
  const maxConcurrent = values['max-concurrent'];
  const options = {
    ...(values.dialect ? { dialect: values.dialect as ServerEngineConfig['dialect'] } : {}),
    ...(values.format ? { responseFormat: values.format as ServerEngineConfig['responseFormat'] } : {}),
    ...(values.stream ? { stream: true } : {}),
    ...(values.voice?.length ? { voices: values.voice } : {}),
  };
  for (const url of urls) {
    const stored = await addUrlEndpoint(
      engines.store,
      {
        name,
        url,
        ...(values.model ? { model: values.model } : {}),
        ...(values['api-key-env'] ? { apiKeyEnv: values['api-key-env'] } : {}),
        ...(values['api-key-file'] ? { apiKeyFile: values['api-key-file'] } : {}),
        ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
        options,
      },
      CLI_FIELD_NAMES,
    );
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
  const fields = sidecarFieldsFromArgs(name, forSidecar);
  const engines = new ServerEngines({ dataDir: resolveDataDir() });
  let added: Awaited<ReturnType<typeof addSidecarEngine>>;
  try {
    // The studio's Settings → Engines adds a sidecar through the same function and checks.
    added = await addSidecarEngine(
      engines.store,
      {
        ...fields,
        ...(speechModel !== undefined ? { speechModel } : {}),
        ...(dialect !== undefined ? { dialect } : {}),
      },
      CLI_SIDECAR_FIELDS,
      { cwd: process.cwd() },
    );
  } catch (error) {
    if (error instanceof HostError) throw new UserError(error.message, error.hint);
    throw error;
  } finally {
    await engines.dispose();
  }
  io.stdout(
    `${name}: a sidecar (${added.definition.command[0] ?? ''}, started on demand on 127.0.0.1, stopped after ${added.definition.idleTimeoutS} s idle) serving model ${added.stored.model}; local: text stays on this machine\n`,
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
  const result = await testServerEngine(engines, name);
  const config = await engines.store.get(name);
  let failures = 0;
  if (config?.sidecar && result.sidecar) {
    io.stdout(`sidecar ${config.sidecar.name} (local)\n`);
    if ('error' in result.sidecar) {
      io.stdout(`  failed: ${result.sidecar.error}\n`);
      failures += 1;
    } else
      io.stdout(
        `  started and healthy in ${result.sidecar.loadMs} ms; models: ${result.sidecar.models.join(', ') || '(none listed)'}; stopped again\n`,
      );
  }
  for (const entry of result.endpoints) {
    io.stdout(`${entry.url} (${where(entry.url)})\n`);
    if (entry.keyError) {
      io.stdout(`  key: ${entry.keyError}\n`);
      failures += 1;
      continue;
    }
    if (entry.models && 'error' in entry.models) io.stdout(`  models: ${entry.models.error}\n`);
    else if (entry.models)
      io.stdout(
        `  models: ${entry.models.ids.join(', ') || '(none listed)'}${entry.models.hasModel ? '' : `  — "${config?.model ?? ''}" is not among them`}\n`,
      );
    if (entry.voices && 'error' in entry.voices)
      io.stdout(
        `  voices: not listed (${entry.voices.error})${config?.voices.length ? `; using the voices entered by hand: ${config.voices.join(', ')}` : ''}\n`,
      );
    else if (entry.voices)
      io.stdout(`  voices: ${entry.voices.ids.length > 0 ? entry.voices.ids.join(', ') : '(none listed)'}\n`);
    if (entry.triedStandardVoice)
      io.stdout(
        `  render: trying OpenAI's standard voice "${OPENAI_STANDARD_VOICE}"; enter this server's voices with \`engines add ${name} --url ... --voice <id>\`\n`,
      );
    if (entry.render && 'error' in entry.render) {
      io.stdout(`  render: failed: ${entry.render.error}\n`);
      failures += 1;
    } else if (entry.render)
      io.stdout(
        `  render: ${(entry.render.audioMs / 1000).toFixed(1)} s of audio with voice ${entry.render.voice} in ${entry.render.roundTripMs} ms\n`,
      );
  }
  io.stdout(
    failures === 0 ? `${name}: every endpoint works\n` : `${name}: ${counted(failures, 'endpoint')} failed\n`,
  );
  return failures === 0 ? 0 : 1;
}
