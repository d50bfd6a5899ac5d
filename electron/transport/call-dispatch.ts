/**
 * Transport-independent handling of one StudioApi call: look the method up, validate the input with its zod
 * schema, run the host handler, map failures to `ApiError`, and (in development) check the output. Serve
 * mode's WebSocket and Electron's ipcMain both go through here, so both behave the same.
 */
import * as z from 'zod';
import type { ApiError, MethodName } from '../../shared/api/studio-api';
import { studioApiMethods } from '../../shared/api/studio-api';
import type { StudioHost } from '../host/studio-host-types';
import type { Logger } from '../host/util/logger';
import { callError } from './api-error';

export type CallOutcome = { ok: true; output: unknown } | { ok: false; error: ApiError };

export interface CallDispatcherOptions {
  /** Check every output against the method's schema and log mismatches (cheap; on in development). */
  validateOutputs?: boolean;
  log: Logger;
}

export type CallDispatcher = (method: unknown, input: unknown) => Promise<CallOutcome>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(studioApiMethods, name);
}

/** Output checks default to on unless NODE_ENV is production. */
export function defaultValidateOutputs(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return env.NODE_ENV !== 'production';
}

export function createCallDispatcher(host: StudioHost, options: CallDispatcherOptions): CallDispatcher {
  const validateOutputs = options.validateOutputs ?? defaultValidateOutputs();
  const { log } = options;

  return async (method, input) => {
    if (!isMethodName(method)) {
      const shown = typeof method === 'string' ? method.slice(0, 80) : typeof method;
      return {
        ok: false,
        error: {
          code: 'unknown-method',
          message: `There is no StudioApi method named "${shown}".`,
          hint: 'The page and the host are different versions: reload the page.',
        },
      };
    }
    const spec = studioApiMethods[method];
    // Methods without arguments are often called with nothing at all; every input schema is an object.
    const parsed = spec.input.safeParse(input === undefined ? {} : input);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'bad-request',
          message: `Invalid input for ${method}: ${z.prettifyError(parsed.error)}`,
          hint: 'The page sent a request the host does not accept: reload the page.',
        },
      };
    }
    const handler = host.handlers[method] as (input: unknown) => Promise<unknown>;
    let output: unknown;
    try {
      output = await handler(parsed.data);
    } catch (error) {
      const apiError = callError(error, method);
      if (apiError.code === 'internal') {
        log.error(
          `${method} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      return { ok: false, error: apiError };
    }
    if (validateOutputs) {
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        log.warn(
          `${method} returned output that does not match the contract: ${z.prettifyError(checked.error)}`,
        );
      }
    }
    return { ok: true, output };
  };
}
