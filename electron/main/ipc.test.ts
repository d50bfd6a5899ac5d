import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { methodNames } from '../../shared/api/studio-api';
import { silentLogger } from '../host/util/logger';
import { createCallDispatcher } from '../transport/call-dispatch';
import { createFakeStudioHost } from '../transport/testing/fake-studio-host';
import { forwardHostEvents, registerStudioIpc } from './ipc';
import type { IpcMainLike } from './ipc';
import { isTrustedIpcEvent } from './security';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: unknown, input: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event as IpcMainInvokeEvent, input);
  }
}

function setup() {
  const host = createFakeStudioHost();
  const ipcMain = new FakeIpcMain();
  const mainWebContents = { id: 1 };
  const dispose = registerStudioIpc({
    ipcMain,
    dispatch: createCallDispatcher(host, { log: silentLogger }),
    isTrusted: (event) => isTrustedIpcEvent(event, mainWebContents),
    log: silentLogger,
  });
  const trusted = {
    sender: mainWebContents,
    senderFrame: { url: 'app://roundtable/index.html', parent: null },
  };
  return { host, ipcMain, dispose, trusted, mainWebContents };
}

describe('registerStudioIpc', () => {
  it('handles exactly the contract methods and removes them on dispose', () => {
    const { ipcMain, dispose } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...methodNames].sort());
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers a trusted call with an ok envelope', async () => {
    const { ipcMain, trusted } = setup();
    expect(await ipcMain.invoke('getAppInfo', trusted, {})).toEqual({
      ok: true,
      output: { version: '0.0.0-test', dataDir: '/tmp/roundtable-fake', mode: 'serve' },
    });
  });

  it('validates input like every transport', async () => {
    const { ipcMain, trusted, host } = setup();
    const outcome = (await ipcMain.invoke('openProject', trusted, { dir: '' })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(outcome.ok).toBe(false);
    expect(outcome.error.code).toBe('bad-request');
    expect(outcome.error.message).toContain('dir');
    expect(host.calls).toEqual([]);
  });

  it('refuses calls from another webContents, a subframe or a foreign page without running the handler', async () => {
    const { ipcMain, trusted, host } = setup();
    const attempts = [
      { ...trusted, sender: { id: 2 } },
      { ...trusted, senderFrame: { url: 'app://roundtable/index.html', parent: trusted.senderFrame } },
      { ...trusted, senderFrame: { url: 'https://evil.example/', parent: null } },
      { ...trusted, senderFrame: null },
    ];
    for (const event of attempts) {
      expect(await ipcMain.invoke('listRecentProjects', event, {})).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(host.calls).toEqual([]);
  });
});

describe('forwardHostEvents', () => {
  it('sends each host event on its own channel until disposed, skipping a destroyed window', () => {
    const host = createFakeStudioHost();
    const sent: Array<[string, unknown]> = [];
    let destroyed = false;
    const dispose = forwardHostEvents(
      host,
      { send: (channel, payload) => sent.push([channel, payload]), isDestroyed: () => destroyed },
      silentLogger,
    );
    const action = { atMs: 2, action: 'restart-worker' as const, reason: 'worker hung' };
    host.emit('onWatchdogAction', action);
    destroyed = true;
    host.emit('onWatchdogAction', action);
    expect(sent).toEqual([['onWatchdogAction', action]]);
    dispose();
    expect(host.listenerCount()).toBe(0);
  });
});
