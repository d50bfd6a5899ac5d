/**
 * The watchdog's action hooks: run one after another in ladder order, each bounded by a timeout; a hook
 * that throws, rejects or does not answer is reported and the next one runs anyway.
 */
import type { WatchdogAction } from '../../../shared/api/studio-api';
import type { Logger } from '../util/logger';
import type { LadderAction } from './pressure';
import type { WatchdogActionHooks } from './watchdog-types';
import { HOOK_OF, WatchdogHookError } from './watchdog-types';

export interface ActionHooksOptions {
  timeoutMs: number;
  logger: Logger;
  onError: (error: WatchdogHookError) => void;
  /** True once the watchdog is disposed: queued hooks are then skipped. */
  disposed: () => boolean;
}

export class ActionHooks {
  private hooks: Partial<WatchdogActionHooks> = {};
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: ActionHooksOptions) {}

  set(hooks: Partial<WatchdogActionHooks>): void {
    this.hooks = { ...hooks };
  }

  /** Queues the hook of `action` (if it has one) after those already queued. */
  run(action: WatchdogAction): void {
    const hookName = HOOK_OF[action.action as LadderAction | 'resume-queue'];
    if (!hookName) return;
    this.chain = this.chain.then(() => this.runHook(hookName, action));
  }

  private async runHook(hookName: keyof WatchdogActionHooks, action: WatchdogAction): Promise<void> {
    const hook = this.hooks[hookName];
    if (!hook || this.options.disposed()) return;
    const { timeoutMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => hook(action)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
          timer.unref();
        }),
      ]);
    } catch (error) {
      const failure = new WatchdogHookError(hookName, action, error);
      this.options.logger.error(failure.message);
      this.options.onError(failure);
    } finally {
      clearTimeout(timer);
    }
  }
}
