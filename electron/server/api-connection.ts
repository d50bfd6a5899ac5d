/**
 * One authenticated WebSocket client: answers its calls through the shared dispatcher and forwards every
 * host event to it. Sending never waits: when the socket's buffer is over `dropEventsAboveBytes`,
 * intermediate progress events are dropped for this client (the next report replaces them); over
 * `closeAboveBytes` the client is considered stuck and disconnected. The host is never blocked.
 */
import type { RawData, WebSocket } from 'ws';
import type { EventName } from '../../shared/api/studio-api';
import { eventNames } from '../../shared/api/studio-api';
import { DisposableStore } from '../../shared/lifecycle/disposable';
import type { StudioHost } from '../host/studio-host-types';
import { listen } from '../host/util/disposables';
import type { Logger } from '../host/util/logger';
import type { CallDispatcher } from '../transport/call-dispatch';
import { isDroppableEvent } from './event-backpressure';
import type { EventMessage, ResultMessage } from '../../shared/api/wire';
import { CLOSE_TOO_SLOW, parseCallMessage } from '../../shared/api/wire';

export interface ApiConnectionOptions {
  host: StudioHost;
  dispatch: CallDispatcher;
  log: Logger;
  dropEventsAboveBytes: number;
  closeAboveBytes: number;
}

export interface ApiConnection {
  /** Events not sent to this client because its buffer was full. */
  readonly droppedEvents: number;
  dispose(): void;
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function attachApiConnection(socket: WebSocket, options: ApiConnectionOptions): ApiConnection {
  const { host, dispatch, log } = options;
  let droppedEvents = 0;
  /** The host's event listeners and the socket's. */
  const resources = new DisposableStore();

  const send = (message: ResultMessage | EventMessage): void => {
    if (socket.readyState !== socket.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      log.error(`could not serialise a message: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    socket.send(text, (error) => {
      if (error) log.debug(`send failed: ${error.message}`);
    });
  };

  const forward = (name: EventName, payload: unknown): void => {
    if (socket.readyState !== socket.OPEN) return;
    const buffered = socket.bufferedAmount;
    if (buffered > options.closeAboveBytes) {
      log.warn(`a client has ${buffered} bytes unsent; disconnecting it`);
      socket.close(CLOSE_TOO_SLOW, 'client too slow');
      return;
    }
    if (buffered > options.dropEventsAboveBytes && isDroppableEvent(name, payload as never)) {
      droppedEvents += 1;
      return;
    }
    send({ event: name, payload });
  };

  for (const name of eventNames) {
    resources.add(
      host.on(name, (payload) => {
        try {
          forward(name, payload);
        } catch (error) {
          log.error(`forwarding ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
  }

  const onMessage = (data: RawData, isBinary: boolean): void => {
    if (isBinary) {
      send({
        id: null,
        ok: false,
        error: { code: 'bad-request', message: 'Binary frames are not accepted.' },
      });
      return;
    }
    const parsed = parseCallMessage(rawToText(data));
    if ('reject' in parsed) {
      send(parsed.reject);
      return;
    }
    const { id, method, input } = parsed.call;
    void dispatch(method, input).then((outcome) => send({ id, ...outcome }));
  };

  const dispose = (): void => {
    if (resources.isDisposed) return;
    resources.dispose();
    if (droppedEvents > 0) log.info(`dropped ${droppedEvents} progress events for a slow client`);
  };
  const onError = (error: Error): void => log.debug(`socket error: ${error.message}`);

  resources.add(listen(socket, 'message', onMessage));
  resources.add(listen(socket, 'close', dispose));
  resources.add(listen(socket, 'error', onError));

  return {
    get droppedEvents() {
      return droppedEvents;
    },
    dispose,
  };
}
