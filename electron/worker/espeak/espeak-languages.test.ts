/**
 * The language table in shared/model/espeak-languages.ts against the bundled espeak-ng build itself, and
 * against Debian's espeak-ng (`espeak-ng --voices`) as an independent list of the names.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ESPEAK_LANGUAGES, espeakLanguageOf } from '../../../shared/model/espeak-languages';
import { loadEspeak } from './espeak-wasm';

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

describe('espeak-ng languages', () => {
  it('lists exactly the language voices of the bundled build, with their names and languages', async () => {
    const espeak = await loadEspeak();
    const files = espeak.listLanguageFiles();
    expect(files.length).toBeGreaterThanOrEqual(100);
    const fromBuild = files
      .map((f) => ({
        voice: baseName(f.file).toLowerCase(),
        name: f.name,
        also: f.languages.filter((l) => l !== baseName(f.file).toLowerCase()),
      }))
      .sort((a, b) => a.voice.localeCompare(b.voice));
    expect(ESPEAK_LANGUAGES.map(({ voice, name, also }) => ({ voice, name, also: [...also] }))).toEqual(
      fromBuild,
    );
  });

  it('every language voice and a variant of it can be selected in the bundled build', async () => {
    const espeak = await loadEspeak();
    for (const { voice } of ESPEAK_LANGUAGES) {
      expect(espeak.setVoice(voice), voice).toBe(true);
      expect(espeak.setVoice(`${voice}+f3`), `${voice}+f3`).toBe(true);
    }
    expect(espeak.setVoice('xx-nowhere')).toBe(false);
  });

  it("has every voice Debian's espeak-ng lists (an independent build of the same data)", () => {
    const out = spawnSync('espeak-ng', ['--voices'], { encoding: 'utf8' });
    const debian = out.stdout
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/)[4])
      .filter((file): file is string => file !== undefined && file !== '')
      .map((file) => baseName(file).toLowerCase());
    expect(debian.length).toBeGreaterThanOrEqual(100);
    const ours = new Set(ESPEAK_LANGUAGES.map((l) => l.voice));
    expect(debian.filter((voice) => !ours.has(voice))).toEqual([]);
    for (const voice of ['cmn', 'yue', 'ja', 'de', 'fr', 'es', 'hi', 'ru', 'ar', 'ko'])
      expect(ours).toContain(voice);
  });

  it('finds the language of a voice id with or without a variant', () => {
    expect(espeakLanguageOf('cmn+f3')).toMatchObject({ voice: 'cmn', tag: 'cmn', also: ['zh-cmn', 'zh'] });
    expect(espeakLanguageOf('en-gb-x-rp+m6')?.tag).toBe('en-GB-x-rp');
    expect(espeakLanguageOf('en-gb+f2')?.tag).toBe('en-GB');
    expect(espeakLanguageOf('en+f5')?.tag).toBe('en-GB');
    expect(espeakLanguageOf('nowhere')).toBeUndefined();
  });
});
