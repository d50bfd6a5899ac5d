/**
 * Settings → Engines: the speech servers this studio renders with (engines.json in the data folder). Add a
 * URL engine, test one (models, voices, one short render), remove one. The host does the checks (the same
 * as `roundtable engines`); keys never reach this page, only the name of the variable they are read from.
 */
import { useCallback, useEffect, useState } from 'react';
import type { EngineTestResult, ServerEngineView } from '../../../../shared/api/engines-api';
import { useCatalog, useStudio } from '../../app/studio-context';
import { refreshVoices } from '../../state/catalog-store';
import { pushToast } from '../../state/ui-store';
import { toUserError, type UserError } from '../../state/user-error';
import { Icon } from '../common/Icon';
import { Modal } from '../common/Modal';
import { testLines } from './engine-lines';
import './engines.css';

interface Draft {
  name: string;
  url: string;
  model: string;
  apiKeyEnv: string;
  apiKey: string;
  maxConcurrent: string;
  dialect: 'openai' | 'audiocpp';
}

const EMPTY: Draft = {
  name: '',
  url: '',
  model: '',
  apiKeyEnv: '',
  apiKey: '',
  maxConcurrent: '1',
  dialect: 'openai',
};

type TestState =
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

function EngineCard(props: {
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
          : engine.sidecar
            ? `sidecar ${engine.sidecar.state}`
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
      {engine.sidecar ? (
        <div className="server-engine__endpoint">
          <span className="mono server-engine__command">{engine.sidecar.command}</span>
          <span className="server-engine__local">local, started on demand</span>
        </div>
      ) : null}
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

export function EnginesDialog() {
  const studio = useStudio();
  const { api } = studio;
  // Keys are typed in only where the app has the system keychain to keep them (the desktop app).
  const desktop = useCatalog((s) => s.appInfo?.mode === 'desktop');
  const [engines, setEngines] = useState<ServerEngineView[] | null>(null);
  const [listError, setListError] = useState<UserError | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<UserError | null>(null);
  const [tests, setTests] = useState<Record<string, TestState>>({});
  // Opened from a voice picker: closing goes back to it.
  const close = () => studio.ui.setState((s) => ({ dialog: s.voicePickerSpeakerId ? 'voices' : null }));

  const reload = useCallback(async () => {
    try {
      setEngines(await api.listServerEngines({}));
      setListError(null);
    } catch (error) {
      setListError(toUserError(error));
    }
  }, [api]);
  useEffect(() => void reload(), [reload]);

  const afterChange = async () => {
    await reload();
    // The voice picker offers the engine's voices (or stops offering them) without a reload of the page.
    await refreshVoices(studio.catalog, api).catch(() => undefined);
  };

  const add = async () => {
    setAdding(true);
    setAddError(null);
    try {
      const maxConcurrent = draft.maxConcurrent.trim() || undefined;
      const stored = await api.addServerEngine({
        name: draft.name,
        url: draft.url,
        ...(draft.model.trim() ? { model: draft.model } : {}),
        ...(draft.apiKeyEnv.trim() ? { apiKeyEnv: draft.apiKeyEnv } : {}),
        ...(desktop && draft.apiKey.trim() ? { apiKey: draft.apiKey } : {}),
        ...(maxConcurrent !== undefined ? { maxConcurrent } : {}),
        ...(draft.dialect !== 'openai' ? { dialect: draft.dialect } : {}),
      });
      setDraft(EMPTY);
      await afterChange();
      pushToast(studio.ui, {
        kind: 'success',
        message: `Added ${stored.name}.`,
        hint: 'Test it, then pick one of its voices for a speaker.',
      });
    } catch (error) {
      setAddError(toUserError(error));
    } finally {
      setAdding(false);
    }
  };

  const test = async (name: string) => {
    setTests((all) => ({ ...all, [name]: { phase: 'testing' } }));
    try {
      const result = await api.testServerEngine({ name });
      setTests((all) => ({ ...all, [name]: { phase: 'done', result } }));
    } catch (error) {
      setTests((all) => ({ ...all, [name]: { phase: 'failed', error: toUserError(error) } }));
    }
  };

  const remove = async (name: string) => {
    try {
      await api.removeServerEngine({ name });
      setTests(({ [name]: _gone, ...rest }) => rest);
      await afterChange();
    } catch (error) {
      setListError(toUserError(error));
    }
  };

  const field = (
    key: Exclude<keyof Draft, 'dialect' | 'apiKey'>,
    label: string,
    placeholder: string,
    help?: string,
  ) => (
    <label className="field engines__field">
      <span className="field__label">{label}</span>
      <input
        className="input"
        data-testid={`engine-add-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        inputMode={key === 'maxConcurrent' ? 'numeric' : undefined}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
      {help ? <span className="field__help">{help}</span> : null}
    </label>
  );

  return (
    <Modal title="Settings → Engines" onClose={close} testId="engines-dialog" width={760}>
      <p className="engines__intro">
        Speech servers (OpenAI-compatible: vLLM-Omni, LocalAI, Kokoro-FastAPI, audio.cpp…) to render with.
        Nothing leaves this machine unless an engine here points elsewhere.{' '}
        <button
          type="button"
          className="btn btn--small"
          data-testid="models-open"
          onClick={() => studio.ui.setState({ dialog: 'models' })}
        >
          Model packs (Kokoro, Piper)…
        </button>
      </p>
      {listError ? (
        <p className="server-engine__error" role="alert">
          {listError.message}
          {listError.hint ? ` ${listError.hint}` : ''}
        </p>
      ) : null}
      {engines === null ? (
        <p className="engines__empty">Reading engines…</p>
      ) : engines.length === 0 ? (
        <p className="engines__empty" data-testid="engines-empty">
          No speech servers: espeak and the imported Kokoro, Piper, Kitten TTS and Supertonic packs render on
          this machine.
        </p>
      ) : (
        <ul className="engines__list" data-testid="engines-list">
          {engines.map((engine) => (
            <EngineCard
              key={engine.name}
              engine={engine}
              test={tests[engine.name]}
              onTest={() => void test(engine.name)}
              onRemove={() => remove(engine.name)}
            />
          ))}
        </ul>
      )}
      <form
        className="engines__add"
        data-testid="engine-add-form"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div className="engines__add-title">Add a speech server</div>
        <div className="engines__grid">
          {field('name', 'Name', 'lab', 'lower-case letters, digits, - and _')}
          {field('url', 'Base URL', 'http://127.0.0.1:8880/v1')}
          {field('model', 'Model', 'tts-1', 'needed for a new engine; same name adds to its pool')}
          {field(
            'apiKeyEnv',
            'API key variable',
            'LAB_API_KEY',
            'optional: the environment variable holding the key',
          )}
          {desktop ? (
            <label className="field engines__field">
              <span className="field__label">API key</span>
              <input
                className="input"
                type="password"
                data-testid="engine-add-apiKey"
                value={draft.apiKey}
                placeholder="sk-…"
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => setDraft({ ...draft, apiKey: e.target.value })}
              />
              <span className="field__help">
                optional: kept encrypted in the system keychain, never shown again
              </span>
            </label>
          ) : null}
          {field('maxConcurrent', 'Max concurrent', '1', 'requests it takes at once, 1 to 64')}
          <label className="field engines__field">
            <span className="field__label">Server speaks</span>
            <select
              className="select"
              data-testid="engine-add-dialect"
              value={draft.dialect}
              onChange={(e) =>
                setDraft({ ...draft, dialect: e.target.value === 'audiocpp' ? 'audiocpp' : 'openai' })
              }
            >
              <option value="openai">OpenAI speech API</option>
              <option value="audiocpp">audio.cpp (seed, CFG scale, steps)</option>
            </select>
            <span className="field__help">
              audio.cpp&apos;s fields make Regenerate draw a new seed; plain OpenAI servers refuse them
            </span>
          </label>
        </div>
        {addError ? (
          <p className="server-engine__error" role="alert" data-testid="engine-add-error">
            {addError.message}
            {addError.hint ? ` — ${addError.hint}` : ''}
          </p>
        ) : null}
        <div className="engines__add-actions">
          <button type="submit" className="btn btn--primary" data-testid="engine-add" disabled={adding}>
            <Icon name="plus" /> Add engine
          </button>
        </div>
      </form>
    </Modal>
  );
}
