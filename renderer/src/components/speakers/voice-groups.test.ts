import { describe, expect, it } from 'vitest';
import { clipVoiceName, engineGroupLabel, voiceOptionTitle } from './voice-groups';

const engines = [
  { id: 'espeak', label: 'eSpeak NG (bundled)', sampleRate: 22_050, device: 'cpu', available: true },
  {
    id: 'lab',
    label: 'lab (http://127.0.0.1:8880)',
    sampleRate: 24_000,
    device: 'local server',
    available: true,
  },
  {
    id: 'farm',
    label: 'farm (https://tts.example.com/v1)',
    sampleRate: 24_000,
    device: 'remote',
    available: true,
    remote: true,
  },
];

describe('voice picker groups', () => {
  it('marks a speech server off this machine as remote, and names the others by device', () => {
    expect(engineGroupLabel('farm', engines)).toBe(
      'farm (https://tts.example.com/v1) · remote: sends text off this machine',
    );
    expect(engineGroupLabel('lab', engines)).toBe('lab (http://127.0.0.1:8880) · LOCAL SERVER');
    expect(engineGroupLabel('espeak', engines)).toBe('eSpeak NG (bundled) · CPU');
    expect(engineGroupLabel('gone', engines)).toBe('gone');
  });

  it("says in a remote voice's tooltip where the text goes", () => {
    expect(
      voiceOptionTitle({
        engine: 'farm',
        model: 'tts-1',
        id: 'alloy',
        label: 'alloy',
        language: '',
        remote: true,
      }),
    ).toBe('farm:tts-1/alloy · remote: the text is sent to a server off this machine');
    expect(voiceOptionTitle({ engine: 'espeak', id: 'en-us', label: 'English', language: 'en-us' })).toBe(
      'en-us · en-us',
    );
  });

  it('names the clip, not the pack voice it replaces, for a speaker speaking in a reference clip', () => {
    const name = clipVoiceName('guest-voice', 'espeak', engines);
    expect(name).toBe('Clip “guest-voice” — eSpeak NG (bundled), voice from a recording');
    expect(clipVoiceName(undefined, 'gone', engines)).toBe(
      'Clip “missing clip” — gone, voice from a recording',
    );
  });
});
