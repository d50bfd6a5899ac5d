import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ForkedProcess } from './transport';
import { forkedTransport } from './transport';

/** A forked process whose host has gone: every send fails with EPIPE, as Node reports it. */
class GoneHostProcess extends EventEmitter {
  connected = true;
  sent = 0;
  readonly stdout = new EventEmitter();
  readonly stderr = new EventEmitter();

  send(_message: unknown, _handle: undefined, _options: object, callback?: (error: Error | null) => void) {
    this.sent += 1;
    const error = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    // Without a callback Node emits 'error' on the process: uncaught, that is the stack users saw.
    if (callback) process.nextTick(callback, error);
    else process.nextTick(() => this.emit('error', error));
    return false;
  }
}

describe('the worker transport over Node IPC', () => {
  it('treats a failed send (EPIPE) as the host gone: the disconnect listener runs once, nothing throws', async () => {
    const child = new GoneHostProcess();
    const transport = forkedTransport(child as unknown as ForkedProcess);
    let gone = 0;
    transport.onDisconnect(() => (gone += 1));
    transport.send({ type: 'heartbeat', atMs: 0, rssBytes: 0, busyCallId: null });
    transport.send({ type: 'heartbeat', atMs: 1, rssBytes: 0, busyCallId: null });
    await new Promise((resolve) => setImmediate(resolve));
    expect(gone).toBe(1);
    // Once gone, nothing more is sent; a channel that closes afterwards does not report it twice.
    transport.send({ type: 'heartbeat', atMs: 2, rssBytes: 0, busyCallId: null });
    child.emit('disconnect');
    expect(child.sent).toBe(2);
    expect(gone).toBe(1);
  });

  it('leaves Ctrl+C and a closed terminal to the host, and ignores a broken stdout or stderr', () => {
    const child = new GoneHostProcess();
    forkedTransport(child as unknown as ForkedProcess);
    expect(child.listenerCount('SIGINT')).toBe(1);
    expect(child.listenerCount('SIGHUP')).toBe(1);
    expect(() => child.stderr.emit('error', new Error('write EPIPE'))).not.toThrow();
    expect(() => child.stdout.emit('error', new Error('write EPIPE'))).not.toThrow();
  });
});
