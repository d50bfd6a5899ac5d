/**
 * Settings → Engines: the speech servers this studio renders with (engines.json in the data folder). Add a
 * URL engine or a sidecar (a local server the studio starts), test one (models, voices, one short render),
 * remove one; each sidecar's state and memory. The host does the checks (the same as `roundtable engines`);
 * keys never reach this page, only the name of the variable they are read from.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ServerEngineView } from '../../../../shared/api/engines-api';
import { useCatalog, useStudio } from '../../app/studio-context';
import { refreshVoices } from '../../state/catalog-store';
import { pushToast } from '../../state/ui-store';
import { toUserError, type UserError } from '../../state/user-error';
import { Modal } from '../common/Modal';
import type { TestState } from './EngineCard';
import { EngineCard } from './EngineCard';
import { SidecarEngineForm } from './SidecarEngineForm';
import { UrlEngineForm } from './UrlEngineForm';
import './engines.css';

/** How often the list is read again while a sidecar is listed (its state and memory change). */
const SIDECAR_REFRESH_MS = 2000;

export function EnginesDialog() {
  const studio = useStudio();
  const { api } = studio;
  // Keys are typed in only where the app has the system keychain to keep them (the desktop app).
  const desktop = useCatalog((s) => s.appInfo?.mode === 'desktop');
  // Serve mode lets the browser add a sidecar (a program it runs) only when started to allow it.
  const sidecarsAllowed = useCatalog((s) => s.appInfo?.sidecarCommands ?? s.appInfo?.mode === 'desktop');
  const [engines, setEngines] = useState<ServerEngineView[] | null>(null);
  const [listError, setListError] = useState<UserError | null>(null);
  const [adding, setAdding] = useState<'url' | 'sidecar'>('url');
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
  const hasSidecar = engines?.some((engine) => engine.sidecar) ?? false;
  useEffect(() => {
    if (!hasSidecar) return undefined;
    const timer = window.setInterval(() => void reload(), SIDECAR_REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [hasSidecar, reload]);

  const afterChange = async () => {
    await reload();
    // The voice picker offers the engine's voices (or stops offering them) without a reload of the page.
    await refreshVoices(studio.catalog, api).catch(() => undefined);
  };

  const added = async (stored: ServerEngineView) => {
    await afterChange();
    pushToast(studio.ui, {
      kind: 'success',
      message: `Added ${stored.name}.`,
      hint:
        stored.kind === 'sidecar'
          ? 'Test it (it starts, lists its models and stops), then pick one of its voices for a speaker.'
          : 'Test it, then pick one of its voices for a speaker.',
    });
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
      <div className="engines__add-head">
        <span className="engines__add-title" id="engines-add-title">
          Add
        </span>
        <div className="engines__tabs" role="radiogroup" aria-labelledby="engines-add-title">
          <button
            type="button"
            role="radio"
            aria-checked={adding === 'url'}
            className={`btn btn--small${adding === 'url' ? ' btn--active' : ''}`}
            data-testid="engine-add-kind-url"
            onClick={() => setAdding('url')}
          >
            A speech server (URL)
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={adding === 'sidecar'}
            className={`btn btn--small${adding === 'sidecar' ? ' btn--active' : ''}`}
            data-testid="engine-add-kind-sidecar"
            onClick={() => setAdding('sidecar')}
          >
            A local server the studio runs (sidecar)
          </button>
        </div>
      </div>
      {adding === 'url' ? (
        <UrlEngineForm desktop={desktop} onAdded={added} />
      ) : sidecarsAllowed ? (
        <SidecarEngineForm onAdded={added} />
      ) : (
        <p className="engines__note" data-testid="sidecar-add-refused">
          A sidecar is a program this studio runs, so the browser may add one only when serve mode was started
          with <code>roundtable serve --allow-sidecar-commands</code>. Or add it from a terminal:{' '}
          <code>
            roundtable engines add &lt;name&gt; --command &quot;&lt;program&gt; … --port {'{port}'} …&quot;
          </code>{' '}
          (or <code>--preset audiocpp-vibevoice</code>); it then appears here.
        </p>
      )}
    </Modal>
  );
}
