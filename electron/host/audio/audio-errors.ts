/**
 * Typed errors of the audio building blocks. Every message says what went wrong and what to do about it,
 * so a service can show it to the producer as is.
 */

export type AudioErrorCode =
  'not-wav' | 'unsupported-format' | 'truncated-file' | 'size-limit' | 'invalid-argument' | 'closed';

export class AudioError extends Error {
  readonly code: AudioErrorCode;

  constructor(code: AudioErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AudioError';
    this.code = code;
  }
}

/** The file is not a RIFF/WAVE file at all. */
export class NotWavError extends AudioError {
  constructor(filePath: string, detail: string) {
    super('not-wav', `${filePath} is not a WAV file (${detail}). Choose a .wav file (RIFF/WAVE, PCM).`);
    this.name = 'NotWavError';
  }
}

/** A WAV file whose encoding this reader does not handle. */
export class UnsupportedWavError extends AudioError {
  constructor(filePath: string, detail: string) {
    super(
      'unsupported-format',
      `${filePath} uses an unsupported WAV encoding (${detail}). Convert it to 16-bit, 24-bit or 32-bit float PCM, mono or stereo.`,
    );
    this.name = 'UnsupportedWavError';
  }
}

/** The header promises more than the file holds. */
export class TruncatedWavError extends AudioError {
  constructor(filePath: string, detail: string) {
    super('truncated-file', `${filePath} is truncated (${detail}). Re-render or re-export it.`);
    this.name = 'TruncatedWavError';
  }
}

/** Writing on would exceed the 4 GiB limit of the RIFF/WAVE format. */
export class WavSizeLimitError extends AudioError {
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(
      'size-limit',
      `The WAV file would exceed the ${limitBytes} byte limit of the WAV format. ` +
        'Export as FLAC or MP3, lower the sample rate or bit depth, or split the episode by chapter.',
    );
    this.name = 'WavSizeLimitError';
    this.limitBytes = limitBytes;
  }
}

/** A caller passed a value the block cannot work with (a programming error, reported clearly). */
export class AudioArgumentError extends AudioError {
  constructor(message: string) {
    super('invalid-argument', message);
    this.name = 'AudioArgumentError';
  }
}

/** write() after close(), finish() or abort(). */
export class AudioClosedError extends AudioError {
  constructor(what: string) {
    super('closed', `${what} is already closed; start a new one to write more audio.`);
    this.name = 'AudioClosedError';
  }
}
