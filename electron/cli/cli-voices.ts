/** The CLI's voice checks before a render: pack and server voices that exist, and where text is sent. */
import type { Project } from '../../shared/model/project';
import type { VoiceRef } from '../../shared/model/voice';
import type { StudioRuntime } from '../host/studio-runtime';
import type { CliIo } from './cli-io';
import { UserError } from './cli-io';

/** With `--engine kokoro|piper --model <pack>`, speakers without `--voice` get the pack's voices in turn. */
export async function defaultPackVoices(
  studio: StudioRuntime,
  engine: string | undefined,
  model: string | undefined,
): Promise<VoiceRef[]> {
  if (!engine || engine === 'espeak') return [];
  const server = await studio.servers.engine(engine);
  if (server) {
    const { voices } = await studio.servers.voices(engine);
    if (voices.length === 0)
      throw new UserError(
        `--engine ${engine}: the server lists no voices and none were entered by hand`,
        'give each speaker one with --voice "<Speaker>=<engine>:<model>/<voice>"',
      );
    return voices.map((voice) => ({
      engine,
      model: model ?? server.config.model,
      voice: voice.id,
      params: { ratePercent: 100, pitchSemitones: 0 },
    }));
  }
  if (!model)
    throw new UserError(
      `--engine ${engine} needs --model <pack id>`,
      'list imported packs with `roundtable models`',
    );
  const voices = (await studio.voices.voices(engine).catch(() => [])).filter(
    (voice) => voice.model === model,
  );
  if (voices.length === 0) {
    throw new UserError(
      `no ${engine} model pack "${model}" is imported`,
      'import one with `roundtable models import <folder>`; list them with `roundtable models`',
    );
  }
  return voices.map((voice) => ({
    engine,
    model,
    voice: voice.id,
    params: { ratePercent: 100, pitchSemitones: 0 },
  }));
}

/** Pack voices must exist before anything renders (espeak takes any of its own voice names). */
export async function checkVoicesExist(studio: StudioRuntime, speakers: Project['speakers']): Promise<void> {
  const servers = new Map((await studio.servers.all()).map((server) => [server.id, server]));
  for (const speaker of speakers) {
    const server = servers.get(speaker.voice.engine);
    if (!server) continue;
    const { model, voice } = speaker.voice;
    if (model !== server.config.model)
      throw new UserError(
        `${speaker.name}'s voice names model "${model ?? ''}", but ${server.id} renders with "${server.config.model}"`,
        `use --voice "${speaker.name}=${server.id}:${server.config.model}/${voice}"`,
      );
    const listed = await studio.servers.voices(server.id);
    if (listed.voices.length > 0 && !listed.voices.some((entry) => entry.id === voice))
      throw new UserError(
        `${speaker.name}'s voice "${voice}" is not one ${server.id} offers`,
        `its voices: ${listed.voices.map((entry) => entry.id).join(', ')}`,
      );
  }
  const packVoices = speakers.filter(
    (speaker) => speaker.voice.engine !== 'espeak' && !servers.has(speaker.voice.engine),
  );
  if (packVoices.length === 0) return;
  const known = new Set(
    (await studio.voices.voices()).map((voice) => `${voice.engine}:${voice.model ?? ''}/${voice.id}`),
  );
  for (const speaker of packVoices) {
    const { engine, model, voice } = speaker.voice;
    if (!known.has(`${engine}:${model ?? ''}/${voice}`)) {
      throw new UserError(
        `${speaker.name}'s voice ${engine}:${model ?? '?'}/${voice} is not installed`,
        'list voices with `roundtable voices`; import packs with `roundtable models import <folder>`',
      );
    }
  }
}

/** Says where a render sends text: every speech server endpoint the speakers' engines use. */
export async function noteServers(
  studio: StudioRuntime,
  speakers: Project['speakers'],
  io: CliIo,
): Promise<void> {
  const used = new Set(speakers.map((speaker) => speaker.voice.engine));
  for (const server of await studio.servers.all()) {
    if (!used.has(server.id)) continue;
    for (const source of server.pool.sources) {
      io.stderr(
        `plan: ${server.id} ${source.remote ? `sends text to ${source.label} (remote)` : `renders on ${source.label} (this machine)`}, ${source.maxConcurrent} at once\n`,
      );
    }
  }
}
