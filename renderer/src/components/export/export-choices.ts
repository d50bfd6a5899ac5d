/**
 * The export dialog's choices, remembered per project folder in the window's local storage, so that the
 * next export of the same episode starts from what was used last. Anything unreadable falls back to the
 * defaults, field by field.
 */
export interface ExportChoices {
  format: 'wav' | 'mp3' | 'flac';
  sampleRate: 24000 | 44100 | 48000;
  channels: 1 | 2;
  /** 'auto' (−19 LUFS mono, −16 stereo), 'off', or a target in LUFS. */
  loudness: string;
  /** 'auto': the host's default for the channels (defaultMp3BitrateKbps: 128 kbps mono, 192 stereo). */
  bitrate: 'auto' | 96 | 128 | 192 | 256 | 320;
  split: boolean;
}

export const DEFAULT_EXPORT_CHOICES: ExportChoices = {
  format: 'wav',
  sampleRate: 44100,
  channels: 1,
  loudness: 'auto',
  bitrate: 'auto',
  split: false,
};

const ALLOWED = {
  format: ['wav', 'mp3', 'flac'],
  sampleRate: [24000, 44100, 48000],
  channels: [1, 2],
  bitrate: ['auto', 96, 128, 192, 256, 320],
  split: [true, false],
} as const;

function storageKey(projectDir: string): string {
  return `roundtable.exportChoices:${projectDir}`;
}

export function loadExportChoices(
  storage: Pick<Storage, 'getItem'> | null,
  projectDir: string,
): ExportChoices {
  let saved: Record<string, unknown> = {};
  try {
    const text = storage?.getItem(storageKey(projectDir));
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === 'object') saved = parsed as Record<string, unknown>;
  } catch {
    return { ...DEFAULT_EXPORT_CHOICES };
  }
  const pick = <K extends keyof typeof ALLOWED>(key: K): ExportChoices[K] =>
    ((ALLOWED[key] as readonly unknown[]).includes(saved[key])
      ? saved[key]
      : DEFAULT_EXPORT_CHOICES[key]) as ExportChoices[K];
  const loudness = saved.loudness;
  return {
    format: pick('format'),
    sampleRate: pick('sampleRate'),
    channels: pick('channels'),
    bitrate: pick('bitrate'),
    split: pick('split'),
    loudness:
      typeof loudness === 'string' &&
      (loudness === 'auto' || loudness === 'off' || Number.isFinite(Number(loudness)))
        ? loudness
        : DEFAULT_EXPORT_CHOICES.loudness,
  };
}

export function saveExportChoices(
  storage: Pick<Storage, 'setItem'> | null,
  projectDir: string,
  choices: ExportChoices,
): void {
  try {
    storage?.setItem(storageKey(projectDir), JSON.stringify(choices));
  } catch {
    // Storage full or unavailable: the dialog simply starts from the defaults next time.
  }
}

/** The window's local storage, or null where there is none (or it refuses access). */
export function windowStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
