/**
 * Loads an .onnx file once to read its input and output metadata, so an import can confirm the model has
 * the engine's contract. The default runs onnxruntime in a short-lived child process: a damaged file that
 * crashes onnxruntime natively, or a big model's memory, never touches the host process.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { siblingEntry, siblingExecArgv } from '../../threads/sibling-entry';
import type { ValueInfo } from '../../worker/engines/onnx/tensor-payload';

export interface ModelSignature {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export type ModelInspector = (onnxPath: string) => Promise<ModelSignature>;

/** The model could not be loaded at all; `message` is onnxruntime's reason. */
export class ModelLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

export type InspectReply = { ok: true; signature: ModelSignature } | { ok: false; message: string };

function childEntry(): { entry: string; execArgv: string[] } {
  const found = siblingEntry(import.meta.url, './inspect-model-child', 'inspect-model-child');
  return { entry: fileURLToPath(found.url), execArgv: siblingExecArgv(found) };
}

export function childProcessInspector(timeoutMs = 120_000): ModelInspector {
  return (onnxPath) =>
    new Promise<ModelSignature>((resolve, reject) => {
      const { entry, execArgv } = childEntry();
      // Under Electron, process.execPath is the Electron binary: run it as plain Node.
      const child = fork(entry, [onnxPath], {
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
        execArgv,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
      });
      let reply: InspectReply | undefined;
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.stderr?.on('data', (chunk: Buffer) => {
        if (stderr.length < 4000) stderr += chunk.toString('utf8');
      });
      child.on('message', (message) => {
        reply = message as InspectReply;
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (reply?.ok) resolve(reply.signature);
        else if (reply) reject(new ModelLoadError(reply.message));
        else {
          const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
          reject(
            new ModelLoadError(
              `onnxruntime ${how} while loading the model${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`,
            ),
          );
        }
      });
    });
}
