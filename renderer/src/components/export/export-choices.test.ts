import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_CHOICES, loadExportChoices, saveExportChoices } from './export-choices';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    items,
  };
}

describe('export choices', () => {
  it('remembers the last choices per project folder', () => {
    const storage = memoryStorage();
    expect(loadExportChoices(storage, '/a')).toEqual(DEFAULT_EXPORT_CHOICES);
    const chosen = {
      format: 'mp3',
      sampleRate: 48000,
      channels: 2,
      loudness: '-16',
      bitrate: 128,
      split: true,
    } as const;
    saveExportChoices(storage, '/a', chosen);
    expect(loadExportChoices(storage, '/a')).toEqual(chosen);
    expect(loadExportChoices(storage, '/b')).toEqual(DEFAULT_EXPORT_CHOICES);
  });

  it('falls back to the defaults field by field for anything unreadable', () => {
    const storage = memoryStorage();
    storage.items.set(
      'roundtable.exportChoices:/a',
      JSON.stringify({
        format: 'ogg',
        sampleRate: 44100,
        channels: 3,
        loudness: 'loud',
        bitrate: 128,
        split: 'yes',
      }),
    );
    expect(loadExportChoices(storage, '/a')).toEqual({ ...DEFAULT_EXPORT_CHOICES, bitrate: 128 });
    storage.items.set('roundtable.exportChoices:/a', '{not json');
    expect(loadExportChoices(storage, '/a')).toEqual(DEFAULT_EXPORT_CHOICES);
    expect(loadExportChoices(null, '/a')).toEqual(DEFAULT_EXPORT_CHOICES);
    const throwing = {
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(() => saveExportChoices(throwing, '/a', DEFAULT_EXPORT_CHOICES)).not.toThrow();
  });
});
