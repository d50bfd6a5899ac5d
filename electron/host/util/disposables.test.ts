import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DisposableStore } from '../../../shared/lifecycle/disposable';
import { pollUntil } from '../../../test-support/poll';
import { interval, listen, onAbort, timeout, waitAtMost } from './disposables';

describe('Node resources as disposables', () => {
  it('a disposed timeout never runs; one left alone does', async () => {
    const ran: string[] = [];
    const store = new DisposableStore();
    store.add(timeout(() => ran.push('cleared'), 0));
    store.dispose();
    timeout(() => ran.push('kept'), 0);
    await pollUntil(() => ran.length > 0, 'the kept timeout');
    expect(ran).toEqual(['kept']);
  });

  it('a disposed interval stops', async () => {
    let ticks = 0;
    const store = new DisposableStore();
    store.add(interval(() => (ticks += 1), 1));
    await pollUntil(() => ticks >= 2, 'two ticks');
    store.dispose();
    const after = ticks;
    let sentinel = false;
    timeout(() => (sentinel = true), 20);
    await pollUntil(() => sentinel, 'a later timer');
    expect(ticks).toBe(after);
  });

  it('a disposed listener is removed from its emitter', () => {
    const emitter = new EventEmitter();
    const heard: number[] = [];
    const store = new DisposableStore();
    store.add(listen(emitter, 'data', (value: number) => heard.push(value)));
    emitter.emit('data', 1);
    store.dispose();
    emitter.emit('data', 2);
    expect(heard).toEqual([1]);
    expect(emitter.listenerCount('data')).toBe(0);
  });
});

describe('waiting with a timer that is always cleared', () => {
  it('waitAtMost says whether the promise settled in time', async () => {
    expect(await waitAtMost(Promise.resolve('done'), 60_000)).toBe(true);
    expect(await waitAtMost(Promise.reject(new Error('failed')), 60_000)).toBe(true);
    expect(await waitAtMost(new Promise(() => {}), 1)).toBe(false);
  });

  it('onAbort runs once on abort, and not at all once disposed', () => {
    const first = new AbortController();
    const second = new AbortController();
    const heard: string[] = [];
    onAbort(first.signal, () => heard.push('first'));
    onAbort(second.signal, () => heard.push('second')).dispose();
    first.abort();
    first.abort();
    second.abort();
    expect(heard).toEqual(['first']);
  });
});
