/**
 * What a server offers: `GET /v1/models` (OpenAI's `{"object":"list","data":[{"id":...}]}`, also a bare list)
 * and `GET /v1/audio/voices?model=<id>` (not in OpenAI's API; audio.cpp answers `{"voices":["alba",...]}`,
 * others a list of strings or of objects with `id`/`name`, or `{"data":[...]}`).
 */
import type { ExchangeOptions } from './speech-client';
import { getJson } from './speech-client';

export interface ServerVoice {
  id: string;
  label: string;
  language?: string;
}

export async function listServerModels(options: ExchangeOptions): Promise<string[]> {
  return idsOf(await getJson(options, 'models')).map((entry) => entry.id);
}

export async function listServerVoices(options: ExchangeOptions, model: string): Promise<ServerVoice[]> {
  return idsOf(await getJson(options, `audio/voices?model=${encodeURIComponent(model)}`)).map((entry) => ({
    id: entry.id,
    label: entry.name ?? entry.id,
    ...(entry.language ? { language: entry.language } : {}),
  }));
}

/** Entries of a list answer in any of the shapes servers use; unusable entries are skipped. */
export function idsOf(json: unknown): { id: string; name?: string; language?: string }[] {
  let list: unknown = json;
  if (list && typeof list === 'object' && !Array.isArray(list)) {
    const wrapper = list as Record<string, unknown>;
    list = wrapper.voices ?? wrapper.data ?? wrapper.models ?? [];
  }
  if (!Array.isArray(list)) return [];
  const entries: { id: string; name?: string; language?: string }[] = [];
  for (const item of list) {
    if (typeof item === 'string' && item.trim()) entries.push({ id: item.trim() });
    else if (item && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const id = [record.id, record.voice_id, record.name].find(
        (value) => typeof value === 'string' && value.trim(),
      );
      if (typeof id !== 'string') continue;
      const name = typeof record.name === 'string' ? record.name : undefined;
      const language = [record.language, record.lang].find((value) => typeof value === 'string');
      entries.push({
        id,
        ...(name && name !== id ? { name } : {}),
        ...(typeof language === 'string' ? { language } : {}),
      });
    }
  }
  return entries;
}
