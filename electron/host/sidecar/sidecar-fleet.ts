/**
 * The host's managed sidecars by engine name: one ManagedSidecar per definition, replaced (the old one
 * stopped) when its definition changes, all stopped on quit. The engine registry asks here for the
 * EndpointSource of a sidecar engine; Settings → Engines and `engines list` read `statuses()`.
 */
import type { SidecarDefinition } from './sidecar-definition';
import type { ManagedSidecarOptions } from './managed-sidecar';
import { ManagedSidecar } from './managed-sidecar';
import type { SidecarStatus } from './sidecar-types';

export class SidecarFleet {
  private readonly sidecars = new Map<string, { sidecar: ManagedSidecar; key: string }>();
  private disposed = false;

  constructor(private readonly options: ManagedSidecarOptions) {}

  /** The sidecar for this definition (started on its first acquire). */
  async get(definition: SidecarDefinition): Promise<ManagedSidecar> {
    if (this.disposed) throw new Error('the sidecars have been shut down');
    const key = JSON.stringify(definition);
    const current = this.sidecars.get(definition.name);
    if (current?.key === key) return current.sidecar;
    if (current) {
      this.sidecars.delete(definition.name);
      await current.sidecar.dispose();
    }
    const sidecar = new ManagedSidecar(definition, this.options);
    this.sidecars.set(definition.name, { sidecar, key });
    return sidecar;
  }

  /** Stops and forgets one (`engines remove`). */
  async remove(name: string): Promise<void> {
    const current = this.sidecars.get(name);
    this.sidecars.delete(name);
    await current?.sidecar.dispose();
  }

  statuses(): SidecarStatus[] {
    return [...this.sidecars.values()].map(({ sidecar }) => sidecar.status());
  }

  /** Stops every sidecar and its process group (app or CLI quit). */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const all = [...this.sidecars.values()];
    this.sidecars.clear();
    await Promise.all(all.map(({ sidecar }) => sidecar.dispose()));
  }
}
