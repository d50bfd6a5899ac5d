/**
 * Model packs: import a downloaded Kokoro or Piper folder (the desktop app's folder picker, or a full path
 * typed in — in a browser the folder is on the machine running `roundtable serve`), see each pack's engine,
 * voices, languages, size, licence and verification, verify (re-hash) and remove. The host runs the same
 * code as `roundtable models`, so its checks and messages are the CLI's; hashing progress streams in.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ModelPackListing } from '../../../../shared/api/models-api';
import { useCatalog, useStudio } from '../../app/studio-context';
import { refreshVoices } from '../../state/catalog-store';
import { pushToast } from '../../state/ui-store';
import { toUserError, type UserError } from '../../state/user-error';
import { Icon } from '../common/Icon';
import { Modal } from '../common/Modal';
import { PackCard } from './PackCard';
import { progressText, usePackProgress } from './use-pack-progress';
import './models.css';

interface Draft {
  folder: string;
  id: string;
  license: string;
  replace: boolean;
}

const EMPTY: Draft = { folder: '', id: '', license: '', replace: false };

export function ModelsDialog() {
  const studio = useStudio();
  const { api } = studio;
  const desktop = useCatalog((s) => s.appInfo?.mode === 'desktop');
  const [listing, setListing] = useState<ModelPackListing | null>(null);
  const [listError, setListError] = useState<UserError | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<UserError | null>(null);
  const [verifying, setVerifying] = useState<string | null>(null);
  const importProgress = usePackProgress();
  const verifyProgress = usePackProgress();
  // Opened from a voice picker: closing goes back to it.
  const close = () => studio.ui.setState((s) => ({ dialog: s.voicePickerSpeakerId ? 'voices' : null }));

  const reload = useCallback(async () => {
    try {
      setListing(await api.listModelPacks({}));
      setListError(null);
    } catch (error) {
      setListError(toUserError(error));
    }
  }, [api]);
  useEffect(() => void reload(), [reload]);

  const afterChange = async () => {
    await reload();
    // The voice picker lists the pack's voices (or stops listing them) without a reload of the page.
    await refreshVoices(studio.catalog, api).catch(() => undefined);
  };

  const pick = async () => {
    try {
      const picked = await api.pickFolder({ title: 'Import a model folder' });
      if (picked.folder) setDraft((d) => ({ ...d, folder: picked.folder ?? d.folder }));
    } catch (error) {
      setImportError(toUserError(error));
    }
  };

  const importPack = async () => {
    setImporting(true);
    setImportError(null);
    const operationId = importProgress.begin();
    try {
      const result = await api.importModelPack({
        folder: draft.folder.trim(),
        ...(draft.id.trim() ? { id: draft.id.trim() } : {}),
        ...(draft.license.trim() ? { license: draft.license.trim() } : {}),
        replace: draft.replace,
        operationId,
      });
      setDraft(EMPTY);
      await afterChange();
      pushToast(studio.ui, {
        kind: 'success',
        message: `Imported ${result.pack.id}: ${result.pack.voices.length} ${result.pack.engine} voices.`,
        hint: [...result.notes, 'Pick one for a speaker in its voice picker.'].join(' '),
      });
    } catch (error) {
      setImportError(toUserError(error));
    } finally {
      importProgress.end();
      setImporting(false);
    }
  };

  const verify = async (id: string) => {
    setVerifying(id);
    const operationId = verifyProgress.begin();
    try {
      const pack = await api.verifyModelPack({ id, loadModel: false, operationId });
      setListing((before) =>
        before ? { ...before, packs: before.packs.map((p) => (p.id === id ? pack : p)) } : before,
      );
    } catch (error) {
      setListError(toUserError(error));
    } finally {
      verifyProgress.end();
      setVerifying(null);
    }
  };

  const remove = async (id: string) => {
    try {
      await api.removeModelPack({ id });
      await afterChange();
    } catch (error) {
      setListError(toUserError(error));
    }
  };

  const text = (key: 'folder' | 'id' | 'license', label: string, placeholder: string, help: string) => (
    <label className={`field models__field models__field--${key}`}>
      <span className="field__label">{label}</span>
      <input
        className="input"
        data-testid={`model-import-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
      <span className="field__help">{help}</span>
    </label>
  );

  return (
    <Modal title="Model packs" onClose={close} testId="models-dialog" width={780}>
      <p className="models__intro">
        Kokoro and Piper voices run on this machine from model folders you download yourself; nothing is
        downloaded here. {listing ? <span className="mono">{listing.modelsDir}</span> : null}
      </p>
      {listError ? (
        <p className="models__error" role="alert" data-testid="models-error">
          {listError.message}
          {listError.hint ? ` — ${listError.hint}` : ''}
        </p>
      ) : null}
      {listing === null ? (
        <p className="models__empty">Reading model packs…</p>
      ) : listing.packs.length === 0 && listing.broken.length === 0 ? (
        <p className="models__empty" data-testid="models-empty">
          No model packs imported: the bundled eSpeak NG voices are available.
        </p>
      ) : (
        <ul className="models__list" data-testid="models-list">
          {listing.packs.map((pack) => (
            <PackCard
              key={pack.id}
              pack={pack}
              verifying={verifying === pack.id ? progressText(verifyProgress.progress) : null}
              onVerify={() => void verify(pack.id)}
              onRemove={() => remove(pack.id)}
            />
          ))}
          {listing.broken.map((broken) => (
            <li key={broken.id} className="model-pack model-pack__bad" data-testid="model-pack-broken">
              <span className="model-pack__name">{broken.id}</span>: {broken.message}{' '}
              <button type="button" className="btn btn--ghost" onClick={() => void remove(broken.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="models__import"
        data-testid="model-import-form"
        onSubmit={(e) => {
          e.preventDefault();
          void importPack();
        }}
      >
        <div className="models__import-title">Import a model folder</div>
        <div className="models__grid">
          {text(
            'folder',
            'Folder',
            '/home/me/Downloads/Kokoro-82M-v1.0-ONNX',
            desktop
              ? 'the folder as downloaded: the .onnx file with its voices and config'
              : 'a full path on the machine running the studio (a browser cannot choose a folder there)',
          )}
          {desktop ? (
            <button
              type="button"
              className="btn models__pick"
              data-testid="model-import-pick"
              onClick={() => void pick()}
            >
              <Icon name="folder" /> Choose folder…
            </button>
          ) : null}
          {text('id', 'Pack id', 'from the folder name', 'optional: the name voices are listed under')}
          {text('license', 'Licence', 'e.g. Apache-2.0', "optional: the licence the model's page states")}
        </div>
        <label className="models__replace">
          <input
            type="checkbox"
            data-testid="model-import-replace"
            checked={draft.replace}
            onChange={(e) => setDraft({ ...draft, replace: e.target.checked })}
          />
          Replace an installed pack with the same id
        </label>
        {importing ? (
          <p className="models__progress" data-testid="model-import-progress" role="status">
            Importing: {progressText(importProgress.progress)}
          </p>
        ) : null}
        {importError ? (
          <p className="models__error" role="alert" data-testid="model-import-error">
            {importError.message}
            {importError.hint ? ` — ${importError.hint}` : ''}
          </p>
        ) : null}
        <div className="models__actions">
          <button
            type="submit"
            className="btn btn--primary"
            data-testid="model-import"
            disabled={importing || draft.folder.trim() === ''}
          >
            <Icon name="plus" /> Import
          </button>
        </div>
      </form>
    </Modal>
  );
}
