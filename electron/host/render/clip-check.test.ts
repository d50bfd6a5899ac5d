import { describe, expect, it } from 'vitest';
import type { EngineDescription } from '../../../shared/protocol/worker-protocol';
import { checkReference } from './clip-check';

const description = (acceptsReferenceClip: boolean): EngineDescription => ({
  id: 'e',
  label: 'Some engine',
  sampleRate: 24_000,
  voices: [],
  maxChunkChars: 200,
  device: 'cpu',
  memoryEstimateBytes: 0,
  acceptsReferenceClip,
});
const voice = { engine: 'e', voice: 'v', params: { ratePercent: 100, pitchSemitones: 0 } };
const clip = 'd'.repeat(64);

describe('checkReference', () => {
  it('lets turns without a clip through on any engine', () => {
    expect(() => checkReference({ segmentId: 's', text: 'Hi.', voice }, description(false))).not.toThrow();
  });

  it('refuses a clip on an engine that cannot clone, saying what to change', () => {
    expect(() =>
      checkReference({ segmentId: 's', text: 'Hi.', voice: { ...voice, clip } }, description(false)),
    ).toThrow(
      expect.objectContaining({
        code: 'clip-unsupported',
        message: expect.stringMatching(/^Some engine cannot speak/),
      }),
    );
  });

  it('never renders a clip voice without the stored clip attached', () => {
    expect(() =>
      checkReference({ segmentId: 's', text: 'Hi.', voice: { ...voice, clip } }, description(true)),
    ).toThrow(/was not found with this render/);
    expect(() =>
      checkReference(
        {
          segmentId: 's',
          text: 'Hi.',
          voice: { ...voice, clip },
          reference: { sha256: clip, path: '/p/clips/x.wav' },
        },
        description(true),
      ),
    ).not.toThrow();
  });
});
