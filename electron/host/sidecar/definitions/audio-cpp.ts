/**
 * A ready sidecar definition for audio.cpp's speech server with VibeVoice 1.5B or 7B. The user points it
 * at the `audiocpp_server` they built or unpacked and the model folder they downloaded; nothing is fetched.
 *
 * From audio.cpp's own documentation and source (github.com/0xShug0/audio.cpp, read at commit f8fb0c1,
 * 2026-07-24: app/server/README.md, app/server/main.cpp, app/server/config.h, app/server/runtime.cpp,
 * app/server/http.cpp, docs/tts.md "VibeVoice"):
 *
 * - `audiocpp_server --config <server.json> [--host <ip>] [--port <port>] [--backend <backend>]
 *   [--device <id>] [--threads <n>] [--busy-timeout-ms <ms>] [--log] [--log-file <path>]`; `--host` and
 *   `--port` override the config file, so the studio's free port goes on the command line.
 * - The config file lists the models: `{ "id", "family": "vibevoice", "path": <model folder>, "task":
 *   "tts", "mode": "offline" }` (VibeVoice: offline mode only; `models/VibeVoice-1.5B` or `-7B`, same
 *   tokenizer). Without `lazy_load` every model is loaded before the server binds its port, so
 *   `GET /health` (200 `{"status":"ok",...}`) answers only once VibeVoice is loaded: the load timeout
 *   covers the whole load, and "stuck loading" means no answer at all.
 * - `busy_timeout_ms` (default 300000): a request that waits behind an inference holding the model longer
 *   than this fails at once with HTTP 503 `server_busy` instead of queueing behind a wedged GPU call.
 * - A port it cannot bind ends it with "audiocpp_server failed: could not bind <host>:<port>" (exit 1),
 *   which the supervisor retries on a new port.
 * - Endpoints: GET /health, GET /v1/models, GET /v1/audio/voices?model=<id>, POST /v1/audio/speech
 *   (audio/wav by default; VibeVoice reference clips as `voice_samples`, per docs/tts.md).
 * - `max_loaded_models`, which issue 15 mentions, does not exist in that version (no occurrence in the
 *   repository); later versions document it (app/server/README.md at 0588ec2, with `idle_unload_ms` and
 *   `min_free_memory_mb`), still with `--config`, `--backend` and the same config fields. One model per
 *   sidecar is what this definition configures, so none of them is needed.
 *
 * Not verified here: the real binary, real model output and real memory figures. The expected memory
 * below is a starting figure from the models' sizes (bf16 weights plus working memory), replaced by what
 * the watchdog observes at the first start on the user's machine.
 */
import type { SidecarDefinition } from '../sidecar-definition';
import { parseSidecarDefinition } from '../sidecar-definition';

export type VibeVoiceSize = '1.5B' | '7B';
export type AudioCppBackend = 'cuda' | 'vulkan' | 'metal' | 'cpu';

export interface AudioCppVibeVoiceOptions {
  /** Engine name; default `vibevoice-1.5b` / `vibevoice-7b`. */
  name?: string;
  /** Path of `audiocpp_server` (`audiocpp_server.exe` on Windows). */
  binary: string;
  /** The VibeVoice model folder (or GGUF package) downloaded by the user. */
  modelPath: string;
  size: VibeVoiceSize;
  /** Default cuda (audio.cpp's optimised path; the others are for portability). */
  backend?: AudioCppBackend;
  /** GPU index. Default 0. */
  device?: number;
  /** Default 600 s for 1.5B and 1200 s for 7B (a cold disk and a large model take minutes). */
  loadTimeoutS?: number;
  idleTimeoutS?: number;
  /** audio.cpp's busy guard, ms. Default 300000 (its own default). */
  busyTimeoutMs?: number;
}

const PORT_MARK = 'PORT_NUMBER';

/** Expected memory before anything is observed (MiB): bf16 weights plus working memory. */
const EXPECTED_MIB: Record<VibeVoiceSize, number> = { '1.5B': 7 * 1024, '7B': 19 * 1024 };

export function audioCppVibeVoiceDefinition(options: AudioCppVibeVoiceOptions): SidecarDefinition {
  const size = options.size;
  const modelId = `vibevoice-${size.toLowerCase()}`;
  const backend = options.backend ?? 'cuda';
  const onGpu = backend !== 'cpu';
  const config = {
    host: '{host}',
    // audio.cpp checks the file's port (1..65535) before --port overrides it: the real port goes in both.
    port: PORT_MARK,
    backend,
    device: options.device ?? 0,
    threads: 1,
    lazy_load: false,
    busy_timeout_ms: options.busyTimeoutMs ?? 300_000,
    models: [{ id: modelId, family: 'vibevoice', path: '{model}', task: 'tts', mode: 'offline' }],
  };
  return parseSidecarDefinition({
    name: options.name ?? modelId,
    command: ['{binary}', '--config', '{config}', '--host', '{host}', '--port', '{port}'],
    values: { binary: options.binary, model: options.modelPath },
    configFile: {
      fileName: 'audiocpp-server.json',
      text: `${JSON.stringify(config, null, 2).replace(`"${PORT_MARK}"`, '{port}')}\n`,
    },
    healthPath: '/health',
    loadTimeoutS: options.loadTimeoutS ?? (size === '7B' ? 1200 : 600),
    idleTimeoutS: options.idleTimeoutS ?? 600,
    memory: onGpu ? { gpuMiB: EXPECTED_MIB[size] } : { ramMiB: EXPECTED_MIB[size] },
    // VibeVoice renders a whole request in one long-form pass: keep requests to a few sentences.
    maxRequestChars: 600,
  });
}
