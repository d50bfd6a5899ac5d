/** What the transports (Electron ipcMain, serve mode's WebSocket, the CLI) need from the host services. */
import type { EventName, EventPayload, StudioApiHandlers } from '../../shared/api/studio-api';

export type HostEventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface StudioHost {
  /** Handlers receive input already validated against the contract's schema. */
  readonly handlers: StudioApiHandlers;
  /** Subscribe to a host event; returns the unsubscribe. */
  on<E extends EventName>(name: E, listener: HostEventListener<E>): () => void;
  /**
   * Absolute path of a take's WAV file inside a project, for the audio URL handlers (`app://take/...`,
   * `/take/...`). Throws if the hash is malformed or the file is not there.
   */
  resolveTakeFile(projectDir: string, hash: string): Promise<string>;
  /**
   * Absolute path of an exported audio file (`.wav`, `.mp3`, `.flac`) in a project's exports/ folder, for
   * `/export-file/...`. Throws if the name is not a plain file name there or the file is not there.
   */
  resolveExportFile(projectDir: string, fileName: string): Promise<string>;
  /** Absolute path of a stored reference clip (`<project>/clips/<sha256>.wav`), for `/clip/...`. */
  resolveClipFile(projectDir: string, sha256: string): Promise<string>;
  /** Absolute path of a stored bed (`<project>/beds/<hash>.wav`), for `/bed/...` (the preview). */
  resolveBedFile(projectDir: string, hash: string): Promise<string>;
  dispose(): Promise<void>;
}
