import { describe, expect, it } from 'vitest';
import type { CachedModel, EvictionReason } from './model-cache';
import { ModelCache } from './model-cache';

class FakeModel implements CachedModel {
  released = false;
  alive = true;
  constructor(
    readonly id: string,
    readonly bytes: number,
  ) {}
  isAlive(): boolean {
    return this.alive;
  }
  async release(): Promise<void> {
    this.released = true;
  }
}

const MB = 1024 * 1024;

function recordingCache(budget: number) {
  const evicted: Array<{ id: string; reason: EvictionReason }> = [];
  const cache = new ModelCache<FakeModel>(budget, {
    onEvict: ({ id, reason }) => evicted.push({ id, reason }),
  });
  return { cache, evicted };
}

describe('ModelCache', () => {
  it('keeps several models under the budget and releases the least recently used first', async () => {
    const { cache, evicted } = recordingCache(300 * MB);
    const a = await cache.getOrLoad('a', async () => new FakeModel('a', 100 * MB));
    await cache.getOrLoad('b', async () => new FakeModel('b', 100 * MB));
    await cache.getOrLoad('c', async () => new FakeModel('c', 100 * MB));
    expect(cache.ids).toEqual(['a', 'b', 'c']);
    expect(cache.get('a')).toBe(a); // a is now the most recent: b is the oldest
    await cache.getOrLoad('d', async () => new FakeModel('d', 150 * MB));
    expect(evicted).toEqual([
      { id: 'b', reason: 'budget' },
      { id: 'c', reason: 'budget' },
    ]);
    expect(cache.ids).toEqual(['a', 'd']);
    expect(cache.usedBytes).toBe(250 * MB);
    expect(a.released).toBe(false);
  });

  it('shares one load between concurrent callers', async () => {
    const { cache } = recordingCache(1000 * MB);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await Promise.resolve();
      return new FakeModel('a', MB);
    };
    const [first, second] = await Promise.all([cache.getOrLoad('a', load), cache.getOrLoad('a', load)]);
    expect(first).toBe(second);
    expect(loads).toBe(1);
  });

  it('never releases a model while it is in use, and catches up when the lease ends', async () => {
    const { cache, evicted } = recordingCache(150 * MB);
    let loadB: FakeModel | undefined;
    await cache.use(
      'a',
      async () => new FakeModel('a', 100 * MB),
      async (a) => {
        loadB = await cache.getOrLoad('b', async () => new FakeModel('b', 100 * MB));
        expect(a.released).toBe(false);
        expect(cache.ids).toEqual(['a', 'b']);
      },
    );
    expect(evicted).toEqual([{ id: 'a', reason: 'budget' }]);
    expect(cache.ids).toEqual(['b']);
    expect(loadB?.released).toBe(false);
  });

  it('keeps a single model larger than the budget (admission is the watchdog’s call) but only that one', async () => {
    const { cache } = recordingCache(100 * MB);
    await cache.getOrLoad('small', async () => new FakeModel('small', 10 * MB));
    await cache.getOrLoad('huge', async () => new FakeModel('huge', 500 * MB));
    expect(cache.ids).toEqual(['huge']);
  });

  it('reloads a model whose runtime died, and shrinks to a new budget', async () => {
    const { cache, evicted } = recordingCache(1000 * MB);
    const a = await cache.getOrLoad('a', async () => new FakeModel('a', 100 * MB));
    a.alive = false;
    const again = await cache.getOrLoad('a', async () => new FakeModel('a', 100 * MB));
    expect(again).not.toBe(a);
    expect(evicted).toEqual([{ id: 'a', reason: 'stale' }]);
    await cache.getOrLoad('b', async () => new FakeModel('b', 100 * MB));
    await cache.setBudget(150 * MB);
    expect(cache.ids).toEqual(['b']);
    expect(await cache.remove('b')).toBe(true);
    expect(await cache.remove('b')).toBe(false);
    expect(cache.usedBytes).toBe(0);
  });

  it('does not cache a model whose load failed', async () => {
    const { cache } = recordingCache(1000 * MB);
    await expect(cache.getOrLoad('a', async () => Promise.reject(new Error('bad file')))).rejects.toThrow(
      'bad file',
    );
    expect(cache.has('a')).toBe(false);
    await expect(cache.getOrLoad('a', async () => new FakeModel('a', MB))).resolves.toBeInstanceOf(FakeModel);
  });
});
