/** One engine in Settings → Engines: its endpoints or sidecar (state, last error, memory), Test and Remove. */
import { useState } from 'react';
import type { EngineTestResult, ServerEngineView } from '../../../../shared/api/engines-api';
import type { UserError } from '../../state/user-error';
import { Icon } from '../common/Icon';
import { testLines } from './engine-lines';
import { sidecarMemoryText, sidecarStateIsBad, sidecarStateText } from './sidecar-status';

export type TestState =
  { phase: 'testing' } | { phase: 'done'; result: EngineTestResult } | { phase: 'failed'; error: UserError };

function EndpointLine({ endpoint }: { endpoint: ServerEngineView['endpoints'][number] }) {
  return (
    <li className="server-engine__endpoint" data-testid="engine-endpoint">
      <span className="mono">{endpoint.url}</span>
      <span className="server-engine__meta">{endpoint.maxConcurrent} at once</span>
      <span className="server-engine__meta">{endpoint.keySource}</span>
      {endpoint.remote ? (
        <span className="server-engine__remote" title="Renders with this engine leave this machine">
          <Icon name="alert" /> sends text to {endpoint.url}
        </span>
      ) : (
        <span className="server-engine__local">local</span>
      )}
    </li>
  );
}

export function EngineCard(props: {
  engine: ServerEngineView;
  test: TestState | undefined;
  onTest(): void;
  onRemove(): Promise<void>;
}) {
  const { engine, test } = props;
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const status =
    test?.phase === 'testing'
      ? 'testing…'
      : test?.phase === 'done'
        ? test.result.ok
          ? 'works'
          : 'failed its test'
        : test?.phase === 'failed'
          ? 'test could not run'
          : 'not tested yet';
  return (
    <li className="server-engine" data-testid="engine-row" data-engine={engine.name}>
      <div className="server-engine__head">
        <span className="server-engine__name">{engine.name}</span>
        <span className="server-engine__kind">{engine.kind === 'sidecar' ? 'sidecar' : 'URL pool'}</span>
        <span className="server-engine__meta">model {engine.model}</span>
        {engine.dialect === 'audiocpp' ? (
          <span className="server-engine__meta" data-testid="engine-dialect">
            audio.cpp: seed, CFG, steps
          </span>
        ) : null}
        <span
          className={`server-engine__status ${test?.phase === 'done' ? (test.result.ok ? 'server-engine__status--ok' : 'server-engine__status--bad') : ''}`}
          data-testid="engine-status"
        >
          {status}
        </span>
        <span className="server-engine__actions">
          <button
            type="button"
            className="btn btn--ghost"
            data-testid="engine-test"
            aria-label={`Test ${engine.name}`}
            disabled={test?.phase === 'testing'}
            onClick={props.onTest}
          >
            Test
          </button>
          {confirming ? (
            <>
              <button
                type="button"
                className="btn btn--danger"
                data-testid="engine-remove-confirm"
                aria-label={`Remove ${engine.name} for good`}
                disabled={removing}
                onClick={() => {
                  setRemoving(true);
                  void props.onRemove().finally(() => setRemoving(false));
                }}
              >
                Remove {engine.name}
              </button>
              <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn btn--ghost"
              data-testid="engine-remove"
              aria-label={`Remove ${engine.name}`}
              onClick={() => setConfirming(true)}
            >
              Remove
            </button>
          )}
        </span>
      </div>
      {engine.sidecar ? <SidecarLines sidecar={engine.sidecar} /> : null}
      <ul className="server-engine__endpoints">
        {engine.endpoints.map((endpoint) => (
          <EndpointLine key={endpoint.url} endpoint={endpoint} />
        ))}
      </ul>
      {test?.phase === 'done' ? (
        <ul className="server-engine__test" data-testid="engine-test-result">
          {testLines(test.result, engine.model).map((line, i) => (
            <li key={i} className={line.bad ? 'server-engine__test-bad' : undefined}>
              {line.text}
            </li>
          ))}
        </ul>
      ) : null}
      {test?.phase === 'failed' ? (
        <p className="server-engine__error" role="alert">
          {test.error.message}
          {test.error.hint ? ` ${test.error.hint}` : ''}
        </p>
      ) : null}
    </li>
  );
}

function SidecarLines({ sidecar }: { sidecar: NonNullable<ServerEngineView['sidecar']> }) {
  return (
    <div className="server-engine__sidecar">
      <div className="server-engine__endpoint">
        <span className="mono server-engine__command">{sidecar.command}</span>
        <span className="server-engine__local">local, started on demand</span>
      </div>
      <div className="server-engine__endpoint">
        <span
          className={sidecarStateIsBad(sidecar) ? 'server-engine__status--bad' : 'server-engine__meta'}
          data-testid="engine-sidecar-state"
          data-state={sidecar.state}
        >
          Server: {sidecarStateText(sidecar)}
        </span>
        <span className="server-engine__meta" data-testid="engine-sidecar-memory">
          Memory: {sidecarMemoryText(sidecar)}
        </span>
      </div>
      {sidecar.lastError ? (
        <p className="server-engine__error" data-testid="engine-sidecar-error">
          Last error: {sidecar.lastError}
        </p>
      ) : null}
    </div>
  );
}
