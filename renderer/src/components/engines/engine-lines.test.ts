import { describe, expect, it } from 'vitest';
import { testLines } from './engine-lines';

describe('testLines', () => {
  it('says what each endpoint answered, failures marked', () => {
    const lines = testLines(
      {
        name: 'lab',
        ok: false,
        endpoints: [
          {
            url: 'http://127.0.0.1:8880/v1',
            remote: false,
            models: { ids: ['other'], hasModel: false },
            voices: { ids: ['alloy'] },
            render: { voice: 'alloy', audioMs: 2340, roundTripMs: 120 },
          },
          { url: 'https://gpu.example/v1', remote: true, keyError: 'lab: $LAB_KEY is not set' },
        ],
      },
      'tts-1',
    );
    expect(lines).toEqual([
      { text: 'http://127.0.0.1:8880/v1: models: other — "tts-1" is not among them', bad: true },
      { text: 'http://127.0.0.1:8880/v1: voices: alloy', bad: false },
      {
        text: 'http://127.0.0.1:8880/v1: render: 2.3 s of audio with voice alloy, round trip 120 ms',
        bad: false,
      },
      { text: 'https://gpu.example/v1: key: lab: $LAB_KEY is not set', bad: true },
    ]);
  });

  it('reports a sidecar that did not start', () => {
    expect(
      testLines({ name: 'vv', ok: false, sidecar: { error: 'not healthy within 60 s' }, endpoints: [] }, 'm'),
    ).toEqual([{ text: 'sidecar: not healthy within 60 s', bad: true }]);
  });
});
