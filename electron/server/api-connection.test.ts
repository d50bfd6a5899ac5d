import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { silentLogger } from '../host/util/logger';
import { attachApiConnection } from './api-connection';
import { createCallDispatcher } from '../transport/call-dispatch';
import { isDroppableEvent } from './event-backpressure';
import { createFakeStudioHost } from '../transport/testing/fake-studio-host';

/** Just enough of a ws socket: an adjustable send buffer and a record of what was sent. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: unknown[] = [];
  closedWith: number | undefined;
  send(text: string, callback?: (error?: Error) => void): void {
    this.sent.push(JSON.parse(text));
    callback?.();
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = this.CLOSED;
    this.emit('close', code);
  }
}

const progress = (status: 'rendering' | 'done') => ({
  jobId: 'j',
  segmentId: 's',
  status,
  doneCount: status === 'done' ? 1 : 0,
  totalCount: 1,
});

function setup() {
  const host = createFakeStudioHost();
  const socket = new FakeSocket();
  const connection = attachApiConnection(socket as unknown as WebSocket, {
    host,
    dispatch: createCallDispatcher(host, { log: silentLogger }),
    log: silentLogger,
    dropEventsAboveBytes: 1000,
    closeAboveBytes: 100_000,
  });
  return { host, socket, connection };
}

describe('attachApiConnection backpressure', () => {
  it('drops intermediate progress for a client over the limit, never terminal states', () => {
    const { host, socket, connection } = setup();
    host.emit('onRenderProgress', progress('rendering'));
    expect(socket.sent).toHaveLength(1);

    socket.bufferedAmount = 5000;
    host.emit('onRenderProgress', progress('rendering'));
    host.emit('onRenderProgress', progress('done'));
    host.emit('onWatchdogAction', { atMs: 1, action: 'pause-queue', reason: 'low memory' });
    expect(socket.sent).toEqual([
      { event: 'onRenderProgress', payload: progress('rendering') },
      { event: 'onRenderProgress', payload: progress('done') },
      { event: 'onWatchdogAction', payload: { atMs: 1, action: 'pause-queue', reason: 'low memory' } },
    ]);
    expect(connection.droppedEvents).toBe(1);

    socket.bufferedAmount = 0;
    host.emit('onRenderProgress', progress('rendering'));
    expect(socket.sent).toHaveLength(4);
  });

  it('disconnects a client that is stuck far over the limit, and unsubscribes', () => {
    const { host, socket } = setup();
    socket.bufferedAmount = 200_000;
    host.emit('onWatchdogAction', { atMs: 1, action: 'pause-queue', reason: 'x' });
    expect(socket.closedWith).toBe(4408);
    expect(host.listenerCount()).toBe(0);
  });

  it('does not send to a socket that is no longer open', () => {
    const { host, socket } = setup();
    socket.readyState = 2;
    host.emit('onResources', {
      atMs: 1,
      ram: { totalBytes: 1, freeBytes: 1 },
      gpus: [],
      workerRssBytes: null,
      pressure: 'normal',
    });
    expect(socket.sent).toEqual([]);
  });
});

describe('isDroppableEvent', () => {
  it('classifies progress by state', () => {
    expect(isDroppableEvent('onRenderProgress', { ...progress('rendering') })).toBe(true);
    expect(isDroppableEvent('onRenderProgress', { ...progress('done') })).toBe(false);
    expect(
      isDroppableEvent('onExportProgress', {
        jobId: 'j',
        phase: 'encoding',
        fraction: 0.5,
        etaMs: 10,
        files: [],
      }),
    ).toBe(true);
    expect(
      isDroppableEvent('onExportProgress', {
        jobId: 'j',
        phase: 'done',
        fraction: 1,
        etaMs: 0,
        files: ['a.wav'],
      }),
    ).toBe(false);
    expect(isDroppableEvent('onWatchdogAction', { atMs: 1, action: 'gave-up', reason: 'x' })).toBe(false);
  });
});
