import { describe, expect, it } from 'vitest';
import { DisposableSlot, DisposableStore, DisposeError, toDisposable } from './disposable';

/** A resource that records its release in `log` (and fails to release when `fails`). */
function resource(log: string[], name: string, fails = false) {
  return toDisposable(() => {
    log.push(name);
    if (fails) throw new Error(`${name} would not close`);
  });
}

describe('DisposableStore', () => {
  it('releases its resources last added first', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(resource(log, 'process'));
    store.add(resource(log, 'listener'));
    store.add(() => log.push('timer'));
    store.dispose();
    expect(log).toEqual(['timer', 'listener', 'process']);
    expect(store.isDisposed).toBe(true);
    expect(store.size).toBe(0);
  });

  it('releases each resource once, however often it is disposed', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const item = store.add(resource(log, 'timer'));
    store.dispose();
    store.dispose();
    item.dispose();
    expect(log).toEqual(['timer']);
  });

  it('releases a resource added after it was disposed at once', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.dispose();
    const late = store.add(resource(log, 'late listener'));
    expect(log).toEqual(['late listener']);
    expect(store.size).toBe(0);
    late.dispose();
    expect(log).toEqual(['late listener']);
  });

  it('tries every resource when some fail, then throws all failures together', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(resource(log, 'a'));
    store.add(resource(log, 'b', true));
    store.add(resource(log, 'c', true));
    store.add(resource(log, 'd'));
    let thrown: unknown;
    try {
      store.dispose();
    } catch (error) {
      thrown = error;
    }
    expect(log).toEqual(['d', 'c', 'b', 'a']);
    expect(thrown).toBeInstanceOf(DisposeError);
    const failure = thrown as DisposeError;
    expect(failure.errors.map((error: Error) => error.message)).toEqual([
      'c would not close',
      'b would not close',
    ]);
    expect(failure.message).toBe('2 resources failed to release: c would not close; b would not close');
    expect(store.isDisposed).toBe(true);
  });

  it('reports failures to onError instead of throwing when given one', () => {
    const log: string[] = [];
    const reported: unknown[] = [];
    const store = new DisposableStore({ onError: (error) => reported.push(error) });
    store.add(resource(log, 'a'));
    store.add(resource(log, 'b', true));
    expect(() => store.dispose()).not.toThrow();
    expect(log).toEqual(['b', 'a']);
    expect(reported.map((error) => (error as Error).message)).toEqual(['b would not close']);
    store.add(resource(log, 'late', true));
    expect(reported).toHaveLength(2);
  });

  it('clear releases what it holds and keeps taking new resources', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(resource(log, 'first run'));
    store.clear();
    expect(log).toEqual(['first run']);
    expect(store.isDisposed).toBe(false);
    store.add(resource(log, 'second run'));
    expect(log).toEqual(['first run']);
    store.dispose();
    expect(log).toEqual(['first run', 'second run']);
  });

  it('delete releases one resource now and only that one', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const keep = store.add(resource(log, 'keep'));
    const drop = store.add(resource(log, 'drop'));
    store.delete(drop);
    store.delete(drop);
    expect(log).toEqual(['drop']);
    expect(store.size).toBe(1);
    store.dispose();
    expect(log).toEqual(['drop', 'keep']);
    keep.dispose();
    expect(log).toEqual(['drop', 'keep']);
  });
});

describe('DisposableSlot', () => {
  it('releases the resource it held when a new one is set, and the last one when disposed', () => {
    const log: string[] = [];
    const slot = new DisposableSlot();
    slot.set(resource(log, 'first timer'));
    slot.set(resource(log, 'second timer'));
    expect(log).toEqual(['first timer']);
    slot.clear();
    expect(log).toEqual(['first timer', 'second timer']);
    expect(slot.value).toBeUndefined();
    slot.set(resource(log, 'third timer'));
    slot.dispose();
    slot.dispose();
    expect(log).toEqual(['first timer', 'second timer', 'third timer']);
  });

  it('releases a resource set after it was disposed at once', () => {
    const log: string[] = [];
    const slot = new DisposableSlot();
    slot.dispose();
    slot.set(resource(log, 'late'));
    expect(log).toEqual(['late']);
    expect(slot.value).toBeUndefined();
  });
});
