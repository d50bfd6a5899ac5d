/**
 * A managed sidecar as the server engine sees it (an EndpointSource), with the watchdog connected:
 *
 * - its processes are watched beside the worker (memory in the Resources snapshots; a GPU server makes
 *   GPU pressure count), and every start and request goes through the memory gate;
 * - the watchdog's pressure ladder acts on it as on the worker: pause → new requests wait; smaller chunks
 *   → `lease.maxChars` halves; unload idle models → an idle server is stopped; restart the worker → the
 *   server is ended to give its memory back and starts fresh on the next request (admitted only when it
 *   fits); resume → requests go ahead at full size.
 *
 *   const sidecar = new ManagedSidecar(definition, { watchdog: () => wiring.start() });
 *   const lease = await sidecar.acquire(signal, { chars: text.length }); ... lease.release();
 *   await sidecar.dispose();   // app or CLI quit: no process left
 */
import type { WatchdogAction } from '../../../shared/api/studio-api';
import { DisposableStore } from '../../../shared/lifecycle/disposable';
import type { Logger } from '../util/logger';
import { silentLogger } from '../util/logger';
import type { ResourceWatchdog } from '../watchdog';
import type { EndpointSource } from './endpoint-source';
import type { SidecarDefinition } from './sidecar-definition';
import { usesGpu } from './sidecar-definition';
import { SidecarMemoryGate } from './sidecar-memory-gate';
import type { SidecarLease, SidecarStatus, SidecarSupervisorOptions } from './sidecar-types';
import { SidecarSupervisor } from './sidecar-supervisor';

export interface ManagedSidecarOptions extends Omit<SidecarSupervisorOptions, 'admission'> {
  /** The host's watchdog, started on first use (WatchdogWiring.start). */
  watchdog: () => Promise<ResourceWatchdog>;
  /** Longest a start or request waits for memory. Default 15 minutes. */
  maxMemoryWaitMs?: number;
  recheckMs?: number;
  /** Waits and pressure steps, for the action stream the UI shows. */
  announce?: (action: WatchdogAction['action'], reason: string) => void;
}

export class ManagedSidecar implements EndpointSource {
  readonly supervisor: SidecarSupervisor;
  readonly gate: SidecarMemoryGate;
  /** The listeners on the supervisor and the watchdog, and the watch on this sidecar. */
  private readonly hooks = new DisposableStore();
  private attaching: Promise<ResourceWatchdog> | undefined;
  private watchdogValue: ResourceWatchdog | undefined;
  private readonly logger: Logger;
  private disposed = false;

  constructor(
    readonly definition: SidecarDefinition,
    private readonly options: ManagedSidecarOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.gate = new SidecarMemoryGate({
      definition,
      watchdog: () => this.attach(),
      maxWaitMs: options.maxMemoryWaitMs,
      recheckMs: options.recheckMs,
      announce: options.announce,
      logger: this.logger,
    });
    this.supervisor = new SidecarSupervisor(definition, { ...options, admission: this.gate });
    this.hooks.add(
      this.supervisor.events.on('state', ({ state }) => {
        if (state !== 'ready' && state !== 'starting') this.gate.noteStopped(this.watchdogValue);
      }),
    );
  }

  get name(): string {
    return this.definition.name;
  }

  acquire(signal: AbortSignal, request: { chars?: number } = {}): Promise<SidecarLease> {
    return this.supervisor.acquire(signal, request);
  }

  status(): SidecarStatus {
    return this.supervisor.status();
  }

  /** The watchdog, with this sidecar watched and its pressure actions connected (once). */
  private attach(): Promise<ResourceWatchdog> {
    this.attaching ??= this.options.watchdog().then((watchdog) => {
      if (this.disposed) return watchdog;
      this.watchdogValue = watchdog;
      this.hooks.add(
        watchdog.watchSidecar({
          name: this.name,
          pids: () => this.supervisor.pids(),
          usesGpu: usesGpu(this.definition),
        }),
      );
      this.hooks.add(watchdog.on('action', (action) => this.onAction(action)));
      return watchdog;
    });
    return this.attaching;
  }

  private onAction(action: WatchdogAction): void {
    const supervisor = this.supervisor;
    const report = (what: Promise<void>) =>
      void what.catch((error: unknown) =>
        this.logger.error(`${this.name}: ${action.action} failed: ${String(error)}`),
      );
    switch (action.action) {
      case 'pause-queue':
        this.gate.pause(action.reason);
        return;
      case 'resume-queue':
        this.gate.resume();
        return;
      case 'shrink-chunks':
        this.gate.shrink();
        return;
      case 'unload-idle-models':
        if (supervisor.state === 'ready' && supervisor.status().inFlight === 0) {
          report(supervisor.stop(`memory pressure: ${action.reason}`));
        }
        return;
      case 'restart-worker':
        if (supervisor.state === 'ready' || supervisor.state === 'starting') {
          this.options.announce?.('restart-worker', `Restarting ${this.name} to give its memory back`);
          report(supervisor.recycle(`memory pressure: ${action.reason}`));
        }
        return;
      default:
        return;
    }
  }

  /** Stops the server (whole process group) and unhooks from the watchdog. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.gate.dispose();
    await this.supervisor.dispose();
    this.gate.noteStopped(this.watchdogValue);
    this.hooks.dispose();
  }
}
