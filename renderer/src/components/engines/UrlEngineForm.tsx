/**
 * Settings → Engines, "Speech server URL": `roundtable engines add <name> --url ...` as a form. The host
 * does the checks; a key typed here (desktop app only) goes to the system keychain and is never shown again.
 */
import { useState } from 'react';
import type { ServerEngineView } from '../../../../shared/api/engines-api';
import { useStudio } from '../../app/studio-context';
import { toUserError, type UserError } from '../../state/user-error';
import { Icon } from '../common/Icon';
import { EngineTextField } from './EngineTextField';

/** Said after a refused field (the host's message names it and what to fix). */
const FIX_HINT = 'Nothing was added.';

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

export function UrlEngineForm(props: { desktop: boolean; onAdded(view: ServerEngineView): Promise<void> }) {
  const { api } = useStudio();
  const { desktop } = props;
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<UserError | null>(null);

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
      await props.onAdded(stored);
    } catch (error) {
      setAddError(toUserError(error, FIX_HINT));
    } finally {
      setAdding(false);
    }
  };

  const field = (
    key: Exclude<keyof Draft, 'dialect' | 'apiKey'>,
    label: string,
    placeholder: string,
    help?: string,
  ) => (
    <EngineTextField
      label={label}
      testId={`engine-add-${key}`}
      value={draft[key]}
      placeholder={placeholder}
      help={help}
      numeric={key === 'maxConcurrent'}
      onChange={(value) => setDraft({ ...draft, [key]: value })}
    />
  );

  return (
    <form
      className="engines__add"
      data-testid="engine-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
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
            <option value="audiocpp">audio.cpp fields</option>
          </select>
          <span className="field__help">
            audio.cpp&apos;s seed, CFG scale and steps make Regenerate draw a new seed; plain OpenAI servers
            refuse them
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
  );
}
