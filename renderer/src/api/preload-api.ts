/**
 * The Electron preload's `window.studio` rejects with plain `{ code, message, hint }` objects (class
 * instances do not survive the context bridge); this wrapper turns them into StudioApiError so the UI sees
 * one error type whatever the transport.
 */
import type { StudioApi } from '../../../shared/api/studio-api';
import { eventNames, methodNames } from '../../../shared/api/studio-api';
import { toStudioApiError } from './studio-api-error';

type AnyMethod = (input: unknown) => Promise<unknown>;
type AnyEvent = (listener: (payload: unknown) => void) => () => void;

export function wrapPreloadApi(bridge: StudioApi): StudioApi {
  const raw = bridge as unknown as Record<string, AnyMethod & AnyEvent>;
  return Object.fromEntries([
    ...methodNames.map((name) => [
      name,
      (input: unknown) =>
        (raw[name] as AnyMethod)(input).catch((error: unknown) => {
          throw toStudioApiError(error, name);
        }),
    ]),
    ...eventNames.map((name) => [
      name,
      (listener: (payload: unknown) => void) => (raw[name] as AnyEvent)(listener),
    ]),
  ]) as unknown as StudioApi;
}
