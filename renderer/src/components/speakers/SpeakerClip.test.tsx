import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Project } from '../../../../shared/model/project';
import { CLIP_CONSENT_STATEMENT } from '../../../../shared/model/reference-clip';
import { encodeWav16 } from '../../audio/wav-encode';
import { sampleProject } from '../../state/test-fixtures';
import { mediaPlays } from '../../testing/dom-stubs';
import { speakerRow } from '../../testing/queries';
import { openStudio, PROJECT_DIR, type HarnessOptions } from '../../testing/studio-harness';
import { SpeakersPanel } from './SpeakersPanel';

/**
 * The browser's decoder, as far as the dialog uses it: a 16-bit WAV decodes to its length in silence,
 * anything else is refused as Chromium refuses what it cannot read.
 */
class WavOnlyAudioContext {
  async decodeAudioData(buffer: ArrayBuffer) {
    const view = new DataView(buffer);
    const tag = String.fromCharCode(...new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength)));
    if (tag !== 'RIFF') throw new DOMException('Unable to decode audio data', 'EncodingError');
    const sampleRate = view.getUint32(24, true);
    const frames = view.getUint32(40, true) / 2;
    return { duration: frames / sampleRate, getChannelData: () => new Float32Array(frames) };
  }
  async close() {}
}

beforeEach(() => {
  vi.stubGlobal('AudioContext', WavOnlyAudioContext);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A recording of `seconds` of (silent) audio as the file picker hands it over. */
function recording(name: string, seconds: number): File {
  return new File([encodeWav16(new Float32Array(16_000 * seconds), 16_000)], name, { type: 'audio/wav' });
}

/** The host's engines with one that clones voices (as Pocket TTS does); Ada speaks with it. */
const ENGINES = [
  {
    id: 'pocket',
    label: 'Pocket TTS',
    sampleRate: 24_000,
    device: 'cpu',
    available: true,
    acceptsReferenceClip: true,
  },
  { id: 'espeak', label: 'eSpeak NG', sampleRate: 22_050, device: 'cpu', available: true },
];

function episode(): Project {
  const project = sampleProject();
  project.speakers[0]!.voice = {
    engine: 'pocket',
    voice: 'alba',
    params: { ratePercent: 100, pitchSemitones: 0 },
  };
  return project;
}

const row = speakerRow;

async function clipStudio(project = episode(), api: HarnessOptions['api'] = {}) {
  const harness = await openStudio({ project, api: { engines: ENGINES, ...api } });
  await harness.show(<SpeakersPanel />);
  return harness;
}

/** Opens Ada's "Voice from a clip…" and picks `file`; resolves when the dialog has read it (or refused). */
async function pickFor(file: File) {
  fireEvent.click(within(row('a')).getByTestId('speaker-clip-add'));
  const dialog = await screen.findByTestId('clip-dialog');
  fireEvent.change(within(dialog).getByTestId('clip-file'), { target: { files: [file] } });
  return dialog;
}

describe('Voice from a clip (SpeakerClip and ClipDialog)', () => {
  it('offers a clip only to a speaker whose engine clones voices', async () => {
    await clipStudio();
    expect(within(row('a')).getByTestId('speaker-clip-add').textContent).toContain('Voice from a clip…');
    expect(within(row('b')).queryByTestId('speaker-clip-add')).toBeNull();
  });

  it('imports a clip with consent: the speaker speaks in its voice, in one undo step', async () => {
    const { project, studio, api, user } = await clipStudio();
    await user.click(within(row('a')).getByTestId('speaker-clip-add'));
    const dialog = screen.getByTestId('clip-dialog');
    expect(dialog.textContent).toContain('Voice from a clip for Ada');
    await user.upload(within(dialog).getByTestId('clip-file'), recording('ada-interview.wav', 12));

    await within(dialog).findByTestId('clip-waveform');
    expect(within(dialog).getByTestId('clip-duration').textContent).toBe('12.0 s of 12.0 s');
    expect(within(dialog).getByTestId<HTMLInputElement>('clip-label').value).toBe('ada-interview');
    const save = within(dialog).getByTestId<HTMLButtonElement>('clip-save');
    // Without the consent statement confirmed, nothing can be saved.
    expect(within(dialog).getByTestId<HTMLInputElement>('clip-consent').checked).toBe(false);
    expect(dialog.textContent).toContain(CLIP_CONSENT_STATEMENT);
    expect(save.disabled).toBe(true);

    await user.clear(within(dialog).getByTestId('clip-label'));
    await user.type(within(dialog).getByTestId('clip-label'), 'Ada, studio');
    await user.click(within(dialog).getByTestId('clip-consent'));
    expect(save.disabled).toBe(false);
    await user.click(save);

    await waitFor(() => expect(screen.queryByTestId('clip-dialog')).toBeNull());
    const imported = api.calls.find((c) => c.method === 'importClip')?.input;
    expect(imported).toMatchObject({
      dir: PROJECT_DIR,
      source: { fileName: 'ada-interview.wav' },
      trimStartMs: 0,
      trimEndMs: 12_000,
      label: 'Ada, studio',
      consentStatement: CLIP_CONSENT_STATEMENT,
    });
    const ada = project().speakers[0]!;
    const clip = project().clips?.find((c) => c.sha256 === ada.voice.clip);
    expect(clip).toMatchObject({ label: 'Ada, studio', sourceName: 'ada-interview.wav' });
    expect(clip?.consent?.statement).toBe(CLIP_CONSENT_STATEMENT);
    expect(ada.voice).toMatchObject({ engine: 'pocket', voice: 'alba' });

    const card = within(row('a')).getByTestId('speaker-clip');
    expect(within(card).getByTestId('speaker-clip-label').textContent).toBe('Ada, studio');
    expect(within(card).getByTestId('speaker-clip-duration').textContent).toBe('12.0 s');
    expect(within(card).queryByTestId('speaker-clip-consent')).toBeNull();

    act(() => void studio.commands.undo());
    expect(project().speakers[0]!.voice.clip).toBeUndefined();
    expect(within(row('a')).getByTestId('speaker-clip-add')).toBeTruthy();
  });

  it('keeps 3 to 30 s: a longer recording is trimmed to its first 30 s, a short selection is refused', async () => {
    const { api, user } = await clipStudio();
    const dialog = await pickFor(recording('long-talk.wav', 45));
    await within(dialog).findByTestId('clip-waveform');
    expect(within(dialog).getByTestId('clip-duration').textContent).toBe('30.0 s of 45.0 s');

    fireEvent.change(within(dialog).getByTestId('clip-start'), { target: { value: '28' } });
    expect(within(dialog).getByTestId('clip-problem').textContent).toBe(
      'The selection is 2.0 s: choose at least 3 s.',
    );
    await user.click(within(dialog).getByTestId('clip-consent'));
    expect(within(dialog).getByTestId<HTMLButtonElement>('clip-save').disabled).toBe(true);

    fireEvent.change(within(dialog).getByTestId('clip-start'), { target: { value: '20' } });
    expect(within(dialog).getByTestId('clip-problem').textContent).toBe('');
    expect(within(dialog).getByTestId('clip-duration').textContent).toBe('10.0 s of 45.0 s');
    await user.click(within(dialog).getByTestId('clip-save'));
    await waitFor(() => expect(screen.queryByTestId('clip-dialog')).toBeNull());
    expect(api.calls.find((c) => c.method === 'importClip')?.input).toMatchObject({
      trimStartMs: 20_000,
      trimEndMs: 30_000,
    });
  });

  it('says when a recording is too short or not audio at all', async () => {
    await clipStudio();
    const dialog = await pickFor(recording('hello.wav', 2));
    await within(dialog).findByTestId('clip-waveform');
    expect(within(dialog).getByTestId('clip-problem').textContent).toBe(
      'The recording is 2.0 s long; a clip needs at least 3 s of the voice.',
    );
    expect(within(dialog).getByTestId<HTMLButtonElement>('clip-save').disabled).toBe(true);

    fireEvent.change(within(dialog).getByTestId('clip-file'), {
      target: { files: [new File(['not audio'], 'notes.wav')] },
    });
    await waitFor(() =>
      expect(within(dialog).getByTestId('clip-problem').textContent).toBe(
        'notes.wav could not be read as audio: choose a WAV, MP3 or FLAC file.',
      ),
    );
  });

  it('shows the host refusing the clip, with what to do, and leaves the speaker as it was', async () => {
    const { project, user } = await clipStudio(episode(), {
      failures: {
        assignClip: {
          code: 'clip-consent-missing',
          message: 'The clip has no confirmed consent.',
          hint: 'Tick the consent statement and save again.',
        },
      },
    });
    const dialog = await pickFor(recording('ada.wav', 8));
    await within(dialog).findByTestId('clip-waveform');
    await user.click(within(dialog).getByTestId('clip-consent'));
    await user.click(within(dialog).getByTestId('clip-save'));
    await waitFor(() =>
      expect(within(dialog).getByTestId('clip-problem').textContent).toBe(
        'The clip has no confirmed consent. Tick the consent statement and save again.',
      ),
    );
    expect(screen.getByTestId('clip-dialog')).toBe(dialog);
    expect(within(dialog).getByTestId<HTMLButtonElement>('clip-save').textContent).toBe('Save clip');
    expect(project().speakers[0]!.voice.clip).toBeUndefined();
    expect(project().clips).toBeUndefined();
  });

  it('asks for consent on a clip that has none, plays it and removes it from the voice', async () => {
    const harness = await openStudio({ project: episode(), api: { engines: ENGINES } });
    const { api, project: current, studio, user } = harness;
    // A clip imported before consent was asked for (the host keeps it in clips/ without one).
    const { clip } = await api.importClip({
      dir: PROJECT_DIR,
      source: { fileName: 'old.wav', dataBase64: '' },
      trimStartMs: 0,
      trimEndMs: 7000,
      label: 'Old interview',
    });
    expect(clip.consent).toBeUndefined();
    const sha256 = clip.sha256;
    studio.commands.setSpeakerClip('a', clip, { ...current().speakers[0]!.voice, clip: sha256 });
    await harness.show(<SpeakersPanel />);
    const card = within(row('a')).getByTestId('speaker-clip');
    expect(within(card).getByTestId('speaker-clip-label').textContent).toBe('Old interview');
    expect(within(card).getByTestId('speaker-clip-duration').textContent).toBe('7.0 s');

    await user.click(within(card).getByTestId('speaker-clip-consent'));
    await waitFor(() => expect(within(card).queryByTestId('speaker-clip-consent')).toBeNull());
    expect(current().clips?.[0]?.consent?.statement).toBe(CLIP_CONSENT_STATEMENT);

    await user.click(within(card).getByTestId('speaker-clip-play'));
    await waitFor(() => expect(within(card).getByTestId('speaker-clip-play').dataset.state).toBe('playing'));
    expect(mediaPlays().at(-1)?.src).toBe(`fake://clip/${sha256}`);

    await user.click(within(card).getByTestId('speaker-clip-remove'));
    expect(current().speakers[0]!.voice.clip).toBeUndefined();
    expect(within(row('a')).getByTestId('speaker-clip-add')).toBeTruthy();
    act(() => void studio.commands.undo());
    expect(current().speakers[0]!.voice.clip).toBe(sha256);
  });
});
