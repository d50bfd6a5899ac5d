/** New project from a script: title, optional folder, the script with live diagnostics, detected speakers. */
import { useEffect, useMemo, useState } from 'react';
import { useCatalog, useStudio } from '../../app/studio-context';
import { speakerColor } from '../../../../shared/model/speaker-defaults';
import { counted } from '../../../../shared/text/plural';
import { Icon } from '../common/Icon';
import { ScriptForm } from '../script/ScriptForm';
import { useParsedScript } from '../script/use-parsed-script';
import { useLanguageCheck } from '../script/use-language-check';
import { voicesForNewSpeakers } from '../../../../shared/model/script-content';
import type { Speaker } from '../../../../shared/model/project';
import './start.css';

const NO_SPEAKERS: Speaker[] = [];

function titleFromScript(text: string): string {
  const heading = /^#{1,6}\s+(.+)$/m.exec(text);
  return (
    heading?.[1]
      ?.replace(/#+\s*$/, '')
      .trim()
      .slice(0, 80) ?? ''
  );
}

export function NewProjectScreen() {
  const studio = useStudio();
  const appInfo = useCatalog((s) => s.appInfo);
  const voices = useCatalog((s) => s.voices);
  const voicesLoaded = useCatalog((s) => s.loaded);
  const [title, setTitle] = useState('');
  const [dir, setDir] = useState('');
  const [text, setText] = useState('');
  const [creating, setCreating] = useState(false);
  const script = useParsedScript(text);
  const { parsed, summary } = useLanguageCheck(script.parsed, NO_SPEAKERS, voices);
  const pending = script.pending;
  const effectiveTitle = title.trim() || titleFromScript(text) || 'Untitled episode';
  const defaults = useMemo(
    () => voicesForNewSpeakers(script.parsed, NO_SPEAKERS, voices).map((s) => s.voice),
    [script.parsed, voices],
  );
  const voiceLabel = (index: number) => {
    const ref = defaults[index];
    const info = voices.find((v) => v.engine === ref?.engine && v.id === ref?.voice);
    if (!voicesLoaded) return 'loading voices…';
    return info ? `${info.label} · ${info.engine}` : ref ? `${ref.voice} · ${ref.engine}` : '';
  };

  const create = async () => {
    setCreating(true);
    const ok = await studio.projects.create({
      title: effectiveTitle,
      dir: dir.trim() || undefined,
      script: summary.turns > 0 ? parsed : undefined,
    });
    if (!ok) setCreating(false);
  };

  // The folder the host will create for this title (a free name under the data folder's projects/).
  const [suggestedDir, setSuggestedDir] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      studio.api
        .suggestProjectDir({ title: effectiveTitle })
        .then(({ dir: suggested }) => current && setSuggestedDir(suggested))
        .catch(() => current && setSuggestedDir(null));
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [studio, effectiveTitle]);

  return (
    <div className="new-project" data-testid="new-project-screen">
      <div className="new-project__head">
        <button
          type="button"
          className="btn btn--ghost"
          onClick={() => studio.ui.setState({ screen: 'start' })}
        >
          ← Back
        </button>
        <h2 className="new-project__title">New project from script</h2>
      </div>
      <div className="new-project__body">
        <div className="new-project__main">
          <div className="new-project__fields">
            <label className="field">
              <span className="field__label">Title</span>
              <input
                className="input"
                data-testid="project-title"
                placeholder={titleFromScript(text) || 'Untitled episode'}
                value={title}
                maxLength={200}
                onChange={(e) => setTitle(e.target.value)}
              />
            </label>
            <label className="field">
              <span className="field__label">Project folder (optional)</span>
              <input
                className="input mono"
                data-testid="project-dir"
                title={suggestedDir ? `Left empty, the project goes to ${suggestedDir}` : undefined}
                placeholder={
                  suggestedDir ?? (appInfo ? `${appInfo.dataDir}/projects/…` : 'data folder/projects/…')
                }
                value={dir}
                onChange={(e) => setDir(e.target.value)}
              />
            </label>
          </div>
          <ScriptForm text={text} onChange={setText} parsed={parsed} summary={summary} rows={18} />
        </div>
        <aside className="new-project__side">
          <div className="field__label">Speakers found</div>
          {parsed.speakers.length === 0 ? (
            <p className="new-project__hint">
              Speakers appear here as you paste the script. Each gets its own lane, colour and voice; you can
              change voices later.
            </p>
          ) : (
            <ul className="found-speakers" data-testid="found-speakers">
              {parsed.speakers.map((name, i) => (
                <li key={name} className="found-speaker">
                  <span className="found-speaker__swatch" style={{ background: speakerColor(i) }} />
                  <span className="found-speaker__name">{name}</span>
                  <span className="found-speaker__voice">{voiceLabel(i)}</span>
                </li>
              ))}
            </ul>
          )}
          <div className="new-project__create">
            {summary.errors > 0 ? (
              <p className="new-project__warn">
                {counted(summary.errors, 'line')} could not be used. Fix{' '}
                {summary.errors === 1 ? 'it' : 'them'} first, or create the project with the turns that were
                understood.
              </p>
            ) : null}
            <button
              type="button"
              className="btn btn--primary new-project__button"
              data-testid="create-project"
              disabled={creating || pending || !voicesLoaded}
              onClick={() => void create()}
            >
              <Icon name="plus" />
              {creating
                ? 'Creating…'
                : summary.turns > 0
                  ? `Create project with ${counted(summary.turns, 'turn')}`
                  : 'Create empty project'}
            </button>
          </div>
        </aside>
      </div>
    </div>
  );
}
