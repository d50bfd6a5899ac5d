import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { eventNames, methodNames } from '../../shared/api/studio-api';
import type { IpcRendererLike } from './studio-bridge';
import { buildStudioBridge } from './studio-bridge';

class FakeIpcRenderer implements IpcRendererLike {
  readonly emitter = new EventEmitter();
  readonly invoked: Array<[string, unknown]> = [];
  replies = new Map<string, unknown>();
  invoke(channel: string, input: unknown): Promise<unknown> {
    this.invoked.push([channel, input]);
    return Promise.resolve(this.replies.get(channel));
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown {
    return this.emitter.on(channel, listener);
  }
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown {
    return this.emitter.removeListener(channel, listener);
  }
  /** What main's webContents.send(channel, payload) looks like on this side. */
  send(channel: string, payload: unknown): void {
    this.emitter.emit(channel, { sender: 'electron event object', ports: [] }, payload);
  }
}

describe('buildStudioBridge', () => {
  it('exposes exactly the contract methods and events, all functions, frozen, and no ipcRenderer', () => {
    const bridge = buildStudioBridge(new FakeIpcRenderer());
    expect(Object.keys(bridge).sort()).toEqual([...methodNames, ...eventNames].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/ipc|invoke|send/i);
  });

  it('invokes the method channel and unwraps the envelope', async () => {
    const ipc = new FakeIpcRenderer();
    ipc.replies.set('getAppInfo', { ok: true, output: { version: '1', dataDir: '/d', mode: 'desktop' } });
    const bridge = buildStudioBridge(ipc);
    await expect(bridge.getAppInfo({})).resolves.toEqual({ version: '1', dataDir: '/d', mode: 'desktop' });
    expect(ipc.invoked).toEqual([['getAppInfo', {}]]);
  });

  it('rejects with the plain ApiError object, and with internal for an unreadable reply', async () => {
    const ipc = new FakeIpcRenderer();
    const error = { code: 'forbidden', message: 'no', hint: 'reload' };
    ipc.replies.set('openProject', { ok: false, error });
    const bridge = buildStudioBridge(ipc);
    const rejected = await bridge.openProject({ dir: '/x' }).catch((e: unknown) => e);
    expect(rejected).toEqual(error);
    expect(rejected).not.toBeInstanceOf(Error);
    await expect(bridge.listEngines({})).rejects.toMatchObject({ code: 'internal' });
  });

  it('strips the Electron event from listeners and unsubscribes once', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = buildStudioBridge(ipc);
    const received: unknown[][] = [];
    const unsubscribe = bridge.onResources((...args: unknown[]) => received.push(args));
    const snapshot = {
      atMs: 1,
      ram: { totalBytes: 2, freeBytes: 1 },
      gpus: [],
      workerRssBytes: null,
      pressure: 'normal',
    };
    ipc.send('onResources', snapshot);
    ipc.send('onRenderProgress', {});
    expect(received).toEqual([[snapshot]]);
    unsubscribe();
    unsubscribe();
    ipc.send('onResources', snapshot);
    expect(received).toHaveLength(1);
    expect(ipc.emitter.listenerCount('onResources')).toBe(0);
    expect(() => bridge.onResources('nope' as never)).toThrow(TypeError);
  });
});
