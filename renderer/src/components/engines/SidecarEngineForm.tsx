/**
 * Settings → Engines, "Local server (sidecar)": `roundtable engines add <name> --command "..."` or
 * `--preset audiocpp-vibevoice` as a form. The studio starts the program on demand on a free 127.0.0.1 port
 * ({port}), waits for its health path within the load timeout, watches its memory and stops it when idle.
 * The host checks everything (the CLI's rules, the program exists and may be run); nothing is downloaded.
 */
import { useState } from 'react';
import type { AddSidecarEngineInput, ServerEngineView } from '../../../../shared/api/engines-api';
import { useStudio } from '../../app/studio-context';
import { toUserError, type UserError } from '../../state/user-error';
import { Icon } from '../common/Icon';
import { EngineTextField } from './EngineTextField';

/** Said after a refused field (the host's message names it and what to fix). */
const FIX_HINT = 'Nothing was added.';

type Kind = 'command' | 'audiocpp-vibevoice';

interface Draft {
  kind: Kind;
  name: string;
  command: string;
  binary: string;
  modelPath: string;
  size: '1.5B' | '7B';
  backend: 'cuda' | 'vulkan' | 'metal' | 'cpu';
  model: string;
  healthPath: string;
  loadTimeoutS: string;
  gpuMemoryMiB: string;
  ramMemoryMiB: string;
  dialect: 'openai' | 'audiocpp';
}

const EMPTY: Draft = {
  kind: 'audiocpp-vibevoice',
  name: '',
  command: '',
  binary: '',
  modelPath: '',
  size: '1.5B',
  backend: 'cuda',
  model: '',
  healthPath: '',
  loadTimeoutS: '',
  gpuMemoryMiB: '',
  ramMemoryMiB: '',
  dialect: 'audiocpp',
};

type TextKey = Exclude<keyof Draft, 'kind' | 'size' | 'backend' | 'dialect'>;

/** The request for the host: only what this kind of sidecar takes, fields left empty left out. */
export function sidecarRequest(draft: Draft): AddSidecarEngineInput {
  const text = (key: TextKey) => (draft[key].trim() ? { [key]: draft[key].trim() } : {});
  if (draft.kind === 'audiocpp-vibevoice')
    return {
      name: draft.name.trim(),
      preset: 'audiocpp-vibevoice',
      ...text('binary'),
      ...text('modelPath'),
      size: draft.size,
      backend: draft.backend,
      ...text('loadTimeoutS'),
    };
  return {
    name: draft.name.trim(),
    command: draft.command,
    ...text('modelPath'),
    ...text('model'),
    ...text('healthPath'),
    ...text('loadTimeoutS'),
    ...text('gpuMemoryMiB'),
    ...text('ramMemoryMiB'),
    dialect: draft.dialect,
  };
}

export function SidecarEngineForm(props: { onAdded(view: ServerEngineView): Promise<void> }) {
  const { api } = useStudio();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<UserError | null>(null);
  const preset = draft.kind === 'audiocpp-vibevoice';

  const add = async () => {
    setAdding(true);
    setAddError(null);
    try {
      const stored = await api.addSidecarEngine(sidecarRequest(draft));
      setDraft({ ...EMPTY, kind: draft.kind });
      await props.onAdded(stored);
    } catch (error) {
      setAddError(toUserError(error, FIX_HINT));
    } finally {
      setAdding(false);
    }
  };

  const field = (key: TextKey, label: string, placeholder: string, help?: string, wide = false) => (
    <EngineTextField
      label={label}
      testId={`sidecar-add-${key}`}
      value={draft[key]}
      placeholder={placeholder}
      help={help}
      wide={wide}
      multiline={key === 'command'}
      mono={key === 'binary' || key === 'modelPath'}
      numeric={/Timeout|Memory/.test(key)}
      onChange={(value) => setDraft({ ...draft, [key]: value })}
    />
  );

  return (
    <form
      className="engines__add"
      data-testid="sidecar-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <div className="engines__grid">
        <label className="field engines__field">
          <span className="field__label">Server</span>
          <select
            className="select"
            data-testid="sidecar-add-kind"
            value={draft.kind}
            onChange={(e) =>
              setDraft({ ...draft, kind: e.target.value === 'command' ? 'command' : 'audiocpp-vibevoice' })
            }
          >
            <option value="audiocpp-vibevoice">audio.cpp + VibeVoice</option>
            <option value="command">Any server (command)</option>
          </select>
          <span className="field__help">
            a ready preset, or your own command; the studio starts it when a turn needs it
          </span>
        </label>
        {field('name', 'Name', preset ? 'vibevoice' : 'my-server', 'lower-case letters, digits, - and _')}
        {preset ? (
          <>
            {field(
              'binary',
              'audiocpp_server program',
              '/opt/audio.cpp/bin/audiocpp_server',
              'full path of the program you built or unpacked',
              true,
            )}
            {field(
              'modelPath',
              'Model path',
              '/models/VibeVoice-1.5B',
              'the VibeVoice model folder you downloaded',
              true,
            )}
            <label className="field engines__field">
              <span className="field__label">Model size</span>
              <select
                className="select"
                data-testid="sidecar-add-size"
                value={draft.size}
                onChange={(e) => setDraft({ ...draft, size: e.target.value === '7B' ? '7B' : '1.5B' })}
              >
                <option value="1.5B">VibeVoice 1.5B (about 7 GB)</option>
                <option value="7B">VibeVoice 7B (about 19 GB)</option>
              </select>
              <span className="field__help">expected memory until measured here</span>
            </label>
            <label className="field engines__field">
              <span className="field__label">Backend</span>
              <select
                className="select"
                data-testid="sidecar-add-backend"
                value={draft.backend}
                onChange={(e) => setDraft({ ...draft, backend: e.target.value as Draft['backend'] })}
              >
                <option value="cuda">CUDA (NVIDIA)</option>
                <option value="vulkan">Vulkan</option>
                <option value="metal">Metal (Mac)</option>
                <option value="cpu">CPU</option>
              </select>
              <span className="field__help">the one your audiocpp_server was built with</span>
            </label>
            {field(
              'loadTimeoutS',
              'Load timeout (s)',
              draft.size === '7B' ? '1200' : '600',
              'stopped if not loaded by then',
            )}
          </>
        ) : (
          <>
            {field(
              'command',
              'Command',
              '/opt/tts/bin/server --port {port} --model {model}',
              '{port}: the free port picked for each start; {model}: the model path; no shell',
              true,
            )}
            {field('modelPath', 'Model path', '/models/my-model', 'fills {model} in the command', true)}
            {field('model', 'Model', 'my-model', 'the model id its requests name (GET /v1/models)')}
            {field('healthPath', 'Health path', '/health', 'answers 2xx once the model is loaded')}
            {field('loadTimeoutS', 'Load timeout (s)', '300', 'stopped if not healthy by then')}
            {field('gpuMemoryMiB', 'GPU memory (MiB)', '0', 'expected once loaded, until measured')}
            {field('ramMemoryMiB', 'RAM (MiB)', '0', 'expected once loaded, until measured')}
            <label className="field engines__field">
              <span className="field__label">Server speaks</span>
              <select
                className="select"
                data-testid="sidecar-add-dialect"
                value={draft.dialect}
                onChange={(e) =>
                  setDraft({ ...draft, dialect: e.target.value === 'openai' ? 'openai' : 'audiocpp' })
                }
              >
                <option value="audiocpp">audio.cpp fields</option>
                <option value="openai">OpenAI speech API</option>
              </select>
              <span className="field__help">
                audio.cpp&apos;s seed, CFG scale and steps; plain OpenAI servers refuse them
              </span>
            </label>
          </>
        )}
      </div>
      {addError ? (
        <p className="server-engine__error" role="alert" data-testid="sidecar-add-error">
          {addError.message}
          {addError.hint ? ` — ${addError.hint}` : ''}
        </p>
      ) : null}
      <div className="engines__add-actions">
        <button type="submit" className="btn btn--primary" data-testid="sidecar-add" disabled={adding}>
          <Icon name="plus" /> Add sidecar
        </button>
      </div>
    </form>
  );
}
