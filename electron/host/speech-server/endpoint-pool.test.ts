import { describe, expect, it } from 'vitest';
import { EndpointPool, MAX_RETRY_AFTER_MS } from './endpoint-pool';
import type { EndpointSource } from './endpoint-source';

function source(label: string, maxConcurrent: number): EndpointSource {
  return {
    label,
    remote: false,
    maxConcurrent,
    acquire: async () => ({ baseUrl: `http://${label}`, release: () => undefined }),
  };
}

const signal = () => new AbortController().signal;

describe('EndpointPool', () => {
  it('sends each request to the least busy endpoint and never over its maxConcurrent', async () => {
    const pool = new EndpointPool([source('a', 2), source('b', 1), source('c', 1)]);
    const leases = [];
    for (let i = 0; i < 4; i++) leases.push(await pool.acquire(signal()));
    expect(leases.map((lease) => lease.source.label).sort()).toEqual(['a', 'a', 'b', 'c']);
    expect(pool.status().map((entry) => entry.inFlight)).toEqual([2, 1, 1]);
    // Full: the fifth waits until one is released, and takes its place.
    let fifth: string | undefined;
    const waiting = pool.acquire(signal()).then((lease) => (fifth = lease.source.label));
    await Promise.resolve();
    expect(fifth).toBeUndefined();
    leases.find((lease) => lease.source.label === 'b')?.succeeded();
    await waiting;
    expect(fifth).toBe('b');
    await pool.dispose();
  });

  it('sets a failing endpoint aside (doubling backoff, or Retry-After) and tries it again after', async () => {
    let now = 1_000;
    const pool = new EndpointPool([source('a', 1), source('b', 1)], { backoffBaseMs: 100, now: () => now });
    const first = await pool.acquire(signal());
    expect(first.source.label).toBe('a');
    first.failed();
    expect(pool.status()[0]?.setAsideUntilMs).toBe(1_100);
    // While a is set aside, b takes everything.
    const second = await pool.acquire(signal());
    expect(second.source.label).toBe('b');
    second.succeeded();
    expect((await pool.acquire(signal())).source.label).toBe('b');
    now = 1_100;
    const probe = await pool.acquire(signal());
    expect(probe.source.label).toBe('a');
    probe.failed();
    expect(pool.status()[0]?.setAsideUntilMs).toBe(1_300);
    expect(pool.status()[0]?.failuresInARow).toBe(2);
    now = 1_300;
    const third = await pool.acquire(signal());
    expect(third.source.label).toBe('a');
    third.failed(5_000);
    expect(pool.status()[0]?.setAsideUntilMs).toBe(6_300);
    await pool.dispose();
  });

  it('waits out the backoff when every endpoint is set aside, then probes', async () => {
    const pool = new EndpointPool([source('only', 1)], { backoffBaseMs: 30 });
    (await pool.acquire(signal())).failed();
    const lease = await pool.acquire(signal());
    expect(lease.source.label).toBe('only');
    lease.succeeded();
    expect(pool.status()[0]).toMatchObject({ failuresInARow: 0, setAsideUntilMs: null, rendered: 1 });
    await pool.dispose();
  });

  it('a cancelled wait ends at once', async () => {
    const pool = new EndpointPool([source('a', 1)]);
    await pool.acquire(signal());
    const controller = new AbortController();
    const waiting = pool.acquire(controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    await pool.dispose();
  });

  it('adds up the capacity of its endpoints', () => {
    expect(new EndpointPool([source('a', 2), source('b', 3)]).capacity).toBe(5);
  });
});

describe('EndpointPool Retry-After', () => {
  it('honours a Retry-After of hours only up to five minutes', async () => {
    const now = 0;
    const pool = new EndpointPool([source('a', 1)], { now: () => now });
    (await pool.acquire(signal())).failed(3 * 3_600_000);
    expect(pool.status()[0]?.setAsideUntilMs).toBe(MAX_RETRY_AFTER_MS);
    await pool.dispose();
  });
});

describe('EndpointPool waking', () => {
  it('wakes a waiter when the set-aside ends between its look and its wait (a clock that moves on)', async () => {
    let clock = 0;
    // Every reading of the clock is a millisecond later, as on a busy machine.
    const pool = new EndpointPool([source('a', 1)], { backoffBaseMs: 2, now: () => clock++ });
    (await pool.acquire(signal())).failed();
    const lease = await pool.acquire(signal());
    expect(lease.source.label).toBe('a');
    await pool.dispose();
  }, 300_000);
});
