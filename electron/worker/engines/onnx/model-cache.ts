/**
 * Loaded models kept under a byte budget: least-recently-used models are released first when a new one
 * needs room. A model in use (a synthesis running on it) is never released under it: eviction waits until
 * its lease ends. One cache serves every ONNX engine of the worker, because the budget is the process's.
 */

export interface CachedModel {
  readonly id: string;
  /** Resident memory the model is estimated (or was observed) to need, bytes. */
  readonly bytes: number;
  /** False when the model can no longer run (e.g. its runtime thread died); the cache reloads it. */
  isAlive(): boolean;
  release(): Promise<void>;
}

export type EvictionReason = 'budget' | 'unload' | 'dispose' | 'stale';

export interface ModelCacheOptions {
  onEvict?: (event: { id: string; bytes: number; reason: EvictionReason }) => void;
}

interface Entry<T> {
  model: T;
  leases: number;
}

export class ModelCache<T extends CachedModel = CachedModel> {
  /** Insertion order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, Entry<T>>();
  private readonly loading = new Map<string, Promise<T>>();
  private budget: number;

  constructor(
    budgetBytes: number,
    private readonly options: ModelCacheOptions = {},
  ) {
    this.budget = budgetBytes;
  }

  get budgetBytes(): number {
    return this.budget;
  }

  get usedBytes(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += entry.model.bytes;
    return total;
  }

  /** Loaded model ids, least recently used first. */
  get ids(): string[] {
    return [...this.entries.keys()];
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** The model if loaded, marking it most recently used. */
  get(id: string): T | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    this.touch(id, entry);
    return entry.model;
  }

  /** The loaded model, or loads it (concurrent callers share one load), then makes room under the budget. */
  async getOrLoad(id: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(id);
    if (entry && entry.model.isAlive()) {
      this.touch(id, entry);
      return entry.model;
    }
    if (entry) await this.remove(id, 'stale');
    const inFlight = this.loading.get(id);
    if (inFlight) return inFlight;
    const loaded = (async () => {
      try {
        const model = await load();
        this.entries.set(id, { model, leases: 0 });
        await this.evictOverBudget(id);
        return model;
      } finally {
        this.loading.delete(id);
      }
    })();
    this.loading.set(id, loaded);
    return loaded;
  }

  /** Runs `work` on the model (loading it if needed) with the model pinned against eviction. */
  async use<R>(id: string, load: () => Promise<T>, work: (model: T) => Promise<R>): Promise<R> {
    let entry: Entry<T> | undefined;
    // Another load may evict the model between its load and the lease: then load it again.
    for (let attempt = 0; attempt < 3 && !entry; attempt++) {
      const model = await this.getOrLoad(id, load);
      const current = this.entries.get(id);
      if (current?.model === model) entry = current;
    }
    if (!entry) throw new Error(`model "${id}" was unloaded while loading; the memory budget is too small`);
    entry.leases += 1;
    try {
      return await work(entry.model);
    } finally {
      entry.leases -= 1;
      await this.evictOverBudget();
    }
  }

  /** Releases one model; false when it was not loaded. */
  async remove(id: string, reason: EvictionReason = 'unload'): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry) return false;
    this.entries.delete(id);
    await this.releaseQuietly(entry.model, reason);
    return true;
  }

  /** Changes the budget (the resource watchdog refines it) and evicts down to it. */
  async setBudget(bytes: number): Promise<void> {
    this.budget = bytes;
    await this.evictOverBudget();
  }

  /** Releases every model, e.g. on worker shutdown. Pass a filter to release only some. */
  async clear(filter: (model: T) => boolean = () => true, reason: EvictionReason = 'dispose'): Promise<void> {
    for (const [id, entry] of [...this.entries]) {
      if (!filter(entry.model)) continue;
      this.entries.delete(id);
      await this.releaseQuietly(entry.model, reason);
    }
  }

  private touch(id: string, entry: Entry<T>): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  /** Releases least-recently-used, unleased models (never `keep`) until the total fits the budget. */
  private async evictOverBudget(keep?: string): Promise<void> {
    for (const [id, entry] of [...this.entries]) {
      if (this.usedBytes <= this.budget) return;
      if (id === keep || entry.leases > 0) continue;
      this.entries.delete(id);
      await this.releaseQuietly(entry.model, 'budget');
    }
  }

  private async releaseQuietly(model: T, reason: EvictionReason): Promise<void> {
    this.options.onEvict?.({ id: model.id, bytes: model.bytes, reason });
    try {
      await model.release();
    } catch {
      // A model whose runtime already stopped has nothing left to release.
    }
  }
}
