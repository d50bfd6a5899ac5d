/** The first screen: start a project from a script, reopen a recent one, or open a folder by path. */
import { useState } from 'react';
import { useCatalog, useStudio } from '../../app/studio-context';
import { formatRelative } from '../../util/format';
import { EmptyState } from '../common/EmptyState';
import { Icon } from '../common/Icon';
import { Logo } from '../common/Logo';
import './start.css';

export function StartScreen() {
  const studio = useStudio();
  const recent = useCatalog((s) => s.recent);
  const engines = useCatalog((s) => s.engines);
  const loaded = useCatalog((s) => s.recentLoaded);
  const appInfo = useCatalog((s) => s.appInfo);
  const [dir, setDir] = useState('');
  const [opening, setOpening] = useState<string | null>(null);

  const open = async (target: string) => {
    setOpening(target);
    await studio.projects.open(target);
    setOpening(null);
  };

  return (
    <div className="start" data-testid="start-screen">
      <div className="start__hero">
        <Logo size={40} />
        <h1 className="start__title">Roundtable Studio</h1>
        <p className="start__tagline">
          Long-form, multi-speaker speech from a script — voiced on your own machine, edited turn by turn.
        </p>
        <div className="start__actions">
          <button
            type="button"
            className="btn btn--primary start__cta"
            data-testid="start-new-project"
            onClick={() => studio.ui.setState({ screen: 'new-project' })}
          >
            <Icon name="script" /> New project from script
          </button>
        </div>
        <ol className="steps">
          <li>
            <span className="steps__n">1</span>
            <span>
              <b>Paste a script.</b> One turn per line as “Host: words”; # headings become chapters.
            </span>
          </li>
          <li>
            <span className="steps__n">2</span>
            <span>
              <b>Give every speaker a voice.</b> Audition it, set rate and pitch.
            </span>
          </li>
          <li>
            <span className="steps__n">3</span>
            <span>
              <b>Render, fix single turns, export.</b> Only changed turns are rendered again.
            </span>
          </li>
        </ol>
        <form
          className="start__open"
          onSubmit={(e) => {
            e.preventDefault();
            void open(dir);
          }}
        >
          <label className="field">
            <span className="field__label">Open a project folder</span>
            <div className="start__open-row">
              <input
                className="input"
                data-testid="open-dir-input"
                placeholder={appInfo ? `${appInfo.dataDir}/projects/my-episode` : '/path/to/project'}
                value={dir}
                onChange={(e) => setDir(e.target.value)}
              />
              <button
                type="submit"
                className="btn"
                data-testid="open-project"
                disabled={!dir.trim() || opening !== null}
              >
                <Icon name="folder" size={14} /> Open
              </button>
            </div>
          </label>
        </form>
        {engines.length > 0 ? (
          <div className="start__engines" data-testid="engines">
            <div className="field__label">Voice engines</div>
            {engines.map((engine) => (
              <div key={engine.id} className={`engine ${engine.available ? '' : 'engine--off'}`}>
                <span className="engine__dot" />
                <span className="engine__name">{engine.label}</span>
                <span className="engine__device">
                  {engine.available ? engine.device.toUpperCase() : 'unavailable'}
                </span>
                {!engine.available && engine.reason ? (
                  <span className="engine__reason">{engine.reason}</span>
                ) : null}
              </div>
            ))}
          </div>
        ) : null}
      </div>
      <div className="start__recent panel">
        <div className="panel__head">
          <span className="panel__title">Recent projects</span>
          <span className="panel__count">{recent.length || ''}</span>
        </div>
        <div className="panel__body">
          {recent.length === 0 ? (
            <EmptyState icon="folder" title={loaded ? 'No projects yet' : 'Loading…'} testId="recent-empty">
              {loaded ? 'Paste a script to start your first episode: press “New project from script”.' : null}
            </EmptyState>
          ) : (
            <ul className="recent">
              {recent.map((project) => (
                <li key={project.dir}>
                  <button
                    type="button"
                    className="recent__item"
                    data-testid="recent-project"
                    disabled={opening !== null}
                    onClick={() => void open(project.dir)}
                  >
                    <span className="recent__icon">
                      <Icon name="speaker" />
                    </span>
                    <span className="recent__text">
                      <span className="recent__title">{project.title}</span>
                      <span className="recent__dir">{project.dir}</span>
                    </span>
                    <span className="recent__when">
                      {opening === project.dir
                        ? 'Opening…'
                        : formatRelative(project.modifiedAtMs, Date.now())}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
