import { describe, expect, it } from 'vitest';
import { loadEspeak, usedLength } from './espeak-wasm';
import { renderEspeak as render } from './testing/render-espeak';

describe('EspeakWasm', () => {
  it('usedLength ends at the last non-zero word, and takes an unaligned heap whole', () => {
    const heap = new Uint8Array(64);
    expect(usedLength(heap)).toBe(0);
    heap[9] = 7;
    expect(usedLength(heap)).toBe(12);
    heap[63] = 1;
    expect(usedLength(heap)).toBe(64);
    expect(usedLength(new Uint8Array(new ArrayBuffer(64), 2, 60))).toBe(60);
    expect(usedLength(new Uint8Array(63))).toBe(63);
  });

  it('renders an utterance to the same samples after others that used more memory, in another voice', async () => {
    const espeak = await loadEspeak();
    const first = render(espeak, 'The same words, twice.', 'en-us+m3');
    expect(first.length).toBeGreaterThan(10_000);
    // Long text in other voices and languages: the engine's memory use grows past its start-up extent.
    render(espeak, 'A much longer passage, '.repeat(40), 'en-gb-x-rp+f3');
    render(espeak, '今天我们谈谈长篇语音。', 'cmn+f3');
    expect(render(espeak, 'The same words, twice.', 'en-us+m3')).toEqual(first);
  });
});
