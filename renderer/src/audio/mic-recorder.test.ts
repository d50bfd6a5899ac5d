import { describe, expect, it } from 'vitest';
import { MicRecorder, MicrophoneError, microphoneProblem } from './mic-recorder';

describe('microphone problems', () => {
  it('say what to do for each way getUserMedia fails', () => {
    expect(microphoneProblem({ name: 'NotAllowedError' })).toMatch(/microphone is blocked.*Allow it/);
    expect(microphoneProblem({ name: 'NotFoundError' })).toMatch(/No microphone was found/);
    expect(microphoneProblem({ name: 'NotReadableError' })).toMatch(/could not be opened/);
    expect(microphoneProblem(new Error('boom'))).toMatch(/could not be used \(Error\)/);
  });

  it('a page without mediaDevices (not a secure page) gets a MicrophoneError, not a TypeError', async () => {
    await expect(MicRecorder.start(null)).rejects.toThrow(MicrophoneError);
    await expect(MicRecorder.start(null)).rejects.toThrow(/offers no microphone to this page/);
  });

  it('a refused permission is a MicrophoneError with the blocked message', async () => {
    const devices = {
      getUserMedia: () => Promise.reject(Object.assign(new Error('denied'), { name: 'NotAllowedError' })),
    } as unknown as MediaDevices;
    (globalThis as { MediaRecorder?: unknown }).MediaRecorder ??= class {};
    await expect(MicRecorder.start(devices)).rejects.toThrow(/microphone is blocked/);
  });
});
