/** `roundtable voices [--engine <id>] [--json]`: the voices a speaker can be given. */
import { parseArgs } from 'node:util';
import type { VoiceInfo } from '../../../shared/model/voice';
import { PackManifestSchema } from '../../host/models/pack-manifest';
import type { StudioRuntime } from '../../host/studio-runtime';
import type { CliIo } from '../cli-io';
import { UserError } from '../cli-io';

export async function runVoicesCommand(
  args: string[],
  io: CliIo,
  runtime: () => StudioRuntime,
): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      engine: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout('Usage: roundtable voices [--engine <id>] [--json]\n');
    return 0;
  }
  const studio = runtime();
  try {
    const voices = await listVoices(studio, values.engine);
    const server = values.engine ? await studio.servers.engine(values.engine) : undefined;
    if (server && voices.length === 0)
      throw new UserError(
        `${values.engine} lists no voices and none were entered by hand`,
        `add them with \`roundtable engines add ${values.engine} --url <its url> --voice <id>\``,
      );
    if (voices.length === 0 && values.engine && isPackEngine(values.engine))
      throw new UserError(
        `no ${values.engine} model pack is imported, so there are no ${values.engine} voices`,
        `download a ${values.engine} model folder, then import it with \`roundtable models import <folder>\` (or Models in the studio); the README's "Neural voices" section says where to get one`,
      );
    if (values.json) {
      io.stdout(`${JSON.stringify(voices, null, 2)}\n`);
    } else {
      const width = Math.max(...voices.map((voice) => voice.id.length), 8);
      for (const voice of voices) {
        const where = voice.model
          ? `${voice.engine}:${voice.model}/`
          : voice.engine === 'espeak'
            ? ''
            : `${voice.engine}:`;
        const details = [
          voice.language,
          voice.gender,
          voice.remote ? 'remote: text is sent off this machine' : '',
        ]
          .filter(Boolean)
          .join(', ');
        io.stdout(
          `${(where + voice.id).padEnd(width + where.length + 2)}${voice.label}${details ? `  (${details})` : ''}\n`,
        );
      }
    }
    return 0;
  } finally {
    await studio.dispose();
  }
}

/** Engines whose voices come from imported model packs (new pack engines join automatically). */
function isPackEngine(engine: string): boolean {
  return (PackManifestSchema.shape.engine.options as readonly string[]).includes(engine);
}

export async function listVoices(studio: StudioRuntime, engine?: string): Promise<VoiceInfo[]> {
  try {
    return await studio.voices.voices(engine);
  } catch (error) {
    const typed = error as { message?: string; hint?: string };
    throw new UserError(`cannot list voices: ${typed.message ?? String(error)}`, typed.hint);
  }
}
