/** One installed model pack in the model manager: what it is, its verification, Verify and Remove. */
import { useState } from 'react';
import type { ModelPackView } from '../../../../shared/api/models-api';
import { formatBytes } from '../../util/format';
import { languageName, primaryLanguage } from '../voices/voice-filter';

interface Props {
  pack: ModelPackView;
  /** Text of the verify in progress, if any. */
  verifying: string | null;
  onVerify(): void;
  onRemove(): Promise<void>;
}

export function verificationText(pack: ModelPackView): { text: string; bad: boolean } {
  const v = pack.verification;
  const when = (atMs: number | undefined) => (atMs ? new Date(atMs).toLocaleString() : '');
  switch (v.state) {
    case 'imported':
      return {
        text: `hashed at import${v.atMs ? ` (${when(v.atMs)})` : ''}; not verified since`,
        bad: false,
      };
    case 'verified':
      return { text: `verified: ${v.files} files match their SHA-256 (${when(v.atMs)})`, bad: false };
    case 'failed':
      return {
        text: `verification FAILED: ${v.problems.join('; ')}${v.hint ? ` — ${v.hint}` : ''}`,
        bad: true,
      };
  }
}

/** "Heart (female)"; labels that already say the gender keep to it. */
function voiceText(voice: ModelPackView['voices'][number]): string {
  return voice.gender && !voice.label.includes(voice.gender)
    ? `${voice.label} (${voice.gender})`
    : voice.label;
}

export function PackCard({ pack, verifying, onVerify, onRemove }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const status = verificationText(pack);
  return (
    <li className="model-pack" data-testid="model-pack" data-pack={pack.id}>
      <div className="model-pack__head">
        <span className="model-pack__name">{pack.id}</span>
        <span className="model-pack__engine" data-testid="model-pack-engine">
          {pack.engine}
        </span>
        <span className="model-pack__meta">{formatBytes(pack.bytes)}</span>
        <span className="model-pack__meta">{pack.sampleRate} Hz</span>
        <span className="model-pack__meta" data-testid="model-pack-license">
          licence: {pack.license}
        </span>
        <span className="model-pack__actions">
          <button
            type="button"
            className="btn btn--ghost"
            data-testid="model-pack-verify"
            aria-label={`Verify ${pack.id}`}
            disabled={verifying !== null}
            onClick={onVerify}
          >
            Verify
          </button>
          {confirming ? (
            <>
              <button
                type="button"
                className="btn btn--danger"
                data-testid="model-pack-remove-confirm"
                aria-label={`Remove ${pack.id} for good`}
                disabled={removing}
                onClick={() => {
                  setRemoving(true);
                  void onRemove().finally(() => setRemoving(false));
                }}
              >
                Remove {pack.id}
              </button>
              <button type="button" className="btn btn--ghost" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn btn--ghost"
              data-testid="model-pack-remove"
              aria-label={`Remove ${pack.id}`}
              onClick={() => setConfirming(true)}
            >
              Remove
            </button>
          )}
        </span>
      </div>
      <div className="model-pack__line" data-testid="model-pack-languages">
        Languages: {pack.languages.map((tag) => `${languageName(primaryLanguage(tag))} (${tag})`).join(', ')}
      </div>
      <div className="model-pack__line" data-testid="model-pack-voices">
        {pack.voices.length} {pack.voices.length === 1 ? 'voice' : 'voices'}:{' '}
        {pack.voices.map(voiceText).join(', ')}
      </div>
      <div
        className={`model-pack__line ${status.bad ? 'model-pack__bad' : ''}`}
        data-testid="model-pack-verification"
        data-state={pack.verification.state}
      >
        {verifying ?? status.text}
      </div>
    </li>
  );
}
