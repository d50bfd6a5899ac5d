/**
 * Recording a clip from the microphone in the renderer: getUserMedia (audio only, without the browser's
 * echo cancellation, noise suppression and gain control, which change a voice), an AnalyserNode for the
 * level meter, and a MediaRecorder (it runs off the page's thread, so a busy page does not drop audio). On
 * stop the recording is decoded and written as a mono 16-bit WAV file, which then takes the same path as a
 * file the user picked (waveform, trim, normalise, consent). One owner: `dispose` stops the microphone.
 */
import { encodeWav16, mixDown, peakDbfs } from './wav-encode';

/** A recording stops by itself after this long (a clip keeps at most 30 s of it). */
export const MAX_RECORDING_MS = 60_000;

/** Why the microphone could not be used, in words that say what to do. */
export class MicrophoneError extends Error {
  override readonly name = 'MicrophoneError';
}

/** The message for a failed getUserMedia (a DOMException's name), or for no mediaDevices at all. */
export function microphoneProblem(error: unknown): string {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError')
    return (
      'The microphone is blocked for the studio. Allow it (in a browser: the site settings by the address; ' +
      "in the desktop app: your system's privacy settings for the microphone), or choose a recording file."
    );
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError')
    return 'No microphone was found. Connect one and try again, or choose a recording file.';
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError')
    return 'The microphone could not be opened (another program may be using it). Close that program and try again, or choose a recording file.';
  if (name === 'unsupported')
    return 'This browser offers no microphone to this page. Open the studio at its 127.0.0.1 address, use the desktop app, or choose a recording file.';
  return `The microphone could not be used (${name || String(error)}). Choose a recording file instead.`;
}

export class MicRecorder {
  private readonly buffer: Float32Array<ArrayBuffer>;
  private readonly chunks: Blob[] = [];
  private readonly startedAt = performance.now();
  private stopped: Promise<Blob> | null = null;
  private disposed = false;

  private constructor(
    private readonly stream: MediaStream,
    private readonly context: AudioContext,
    private readonly analyser: AnalyserNode,
    private readonly recorder: MediaRecorder,
  ) {
    this.buffer = new Float32Array(analyser.fftSize);
    recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.chunks.push(event.data);
    });
    recorder.start();
  }

  /** Asks for the microphone and starts recording; a MicrophoneError says why it cannot. */
  static async start(
    devices: MediaDevices | null = typeof navigator === 'undefined' ? null : (navigator.mediaDevices ?? null),
  ): Promise<MicRecorder> {
    if (!devices?.getUserMedia || typeof MediaRecorder === 'undefined')
      throw new MicrophoneError(microphoneProblem({ name: 'unsupported' }));
    let stream: MediaStream;
    try {
      stream = await devices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
        video: false,
      });
    } catch (error) {
      throw new MicrophoneError(microphoneProblem(error));
    }
    const context = new AudioContext();
    try {
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm'].find((t) =>
        MediaRecorder.isTypeSupported(t),
      );
      const recorder = new MediaRecorder(stream, {
        ...(type ? { mimeType: type } : {}),
        audioBitsPerSecond: 256_000,
      });
      return new MicRecorder(stream, context, analyser, recorder);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      void context.close();
      throw new MicrophoneError(microphoneProblem(error));
    }
  }

  /** The peak level of the last ~40 ms, in dBFS. */
  levelDbfs(): number {
    this.analyser.getFloatTimeDomainData(this.buffer);
    return peakDbfs(this.buffer);
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.startedAt);
  }

  /** Stops and returns the recording as a mono 16-bit WAV file named `fileName`. */
  async stop(fileName: string): Promise<File> {
    this.stopped ??= new Promise<Blob>((resolve, reject) => {
      this.recorder.addEventListener('stop', () =>
        resolve(new Blob(this.chunks, { type: this.recorder.mimeType })),
      );
      this.recorder.addEventListener('error', () => reject(new MicrophoneError('The recording failed.')));
      if (this.recorder.state === 'inactive') resolve(new Blob(this.chunks));
      else this.recorder.stop();
    });
    const blob = await this.stopped;
    this.releaseMicrophone();
    const audio = await this.context.decodeAudioData(await blob.arrayBuffer());
    const channels = Array.from({ length: audio.numberOfChannels }, (_, i) => audio.getChannelData(i));
    const wav = encodeWav16(mixDown(channels), audio.sampleRate);
    return new File([wav], fileName, { type: 'audio/wav' });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    this.releaseMicrophone();
    void this.context.close().catch(() => undefined);
  }

  private releaseMicrophone(): void {
    for (const track of this.stream.getTracks()) track.stop();
  }
}
