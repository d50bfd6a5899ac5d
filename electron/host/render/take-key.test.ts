import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { VoiceRef } from '../../../shared/model/voice';
import { takeKey } from './take-key';

const voice = (id: string): VoiceRef => ({
  engine: 'espeak',
  voice: id,
  params: { ratePercent: 100, pitchSemitones: 0 },
});

/** The key as take-key.ts computed it before level trims existed (TAKE_KEY_VERSION 1, no optional fields). */
function keyBeforeTrims(id: string, text: string): string {
  const canonical = JSON.stringify([1, 'espeak', '', '', id, 100, 0, text]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

describe('take key and the bundled voices’ level trims', () => {
  it('keeps the key of voices without a trim as it was', () => {
    expect(takeKey(voice('en-us'), 'Hello.')).toBe('f54c3ac71c498ade897da3f8d3f3d194');
    expect(takeKey(voice('en-us-nyc+m5'), 'Hello.')).toBe(keyBeforeTrims('en-us-nyc+m5', 'Hello.'));
    expect(takeKey(voice('cmn+f3'), '你好。')).toBe(keyBeforeTrims('cmn+f3', '你好。'));
  });

  it('gives a trimmed voice a new key, so takes cached at its old level are rendered again', () => {
    const key = takeKey(voice('en-gb-x-gbclan+f4'), 'Hello.');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(key).not.toBe(keyBeforeTrims('en-gb-x-gbclan+f4', 'Hello.'));
    expect(takeKey(voice('en-gb-x-gbclan+f4'), 'Hello.')).toBe(key);
  });
});
