/** Tabs under the turn editor: the render queue, the resource monitor and the beds. */
import { useRenders, useStudio, useUi } from '../../app/studio-context';
import { ErrorBoundary } from '../../app/ErrorBoundary';
import { summariseProgress } from '../../state/render-store';
import type { SideTab } from '../../state/ui-store';
import { ResourceMonitor } from '../monitor/ResourceMonitor';
import { RenderQueuePanel } from '../queue/RenderQueuePanel';
import { BedsPanel } from '../beds/BedsPanel';

export function SideDock() {
  const studio = useStudio();
  const tab = useUi((s) => s.sideTab);
  const progress = summariseProgress(useRenders((s) => s.jobs));
  const tabs: Array<[SideTab, string]> = [
    ['queue', 'Render queue'],
    ['resources', 'Resources'],
    ['beds', 'Beds'],
  ];
  return (
    <section className={`panel dock ${tab === 'beds' ? 'dock--beds' : ''}`}>
      <div className="dock__tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            data-testid={`tab-${id}`}
            className={`dock__tab ${tab === id ? 'dock__tab--on' : ''}`}
            onClick={() => studio.ui.setState({ sideTab: id })}
          >
            {label}
            {id === 'queue' && progress.active ? (
              <span className="dock__badge mono">
                {progress.doneCount}/{progress.totalCount}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div className="dock__body">
        <ErrorBoundary
          area={tab === 'queue' ? 'the render queue' : tab === 'beds' ? 'the beds' : 'the resource monitor'}
        >
          {tab === 'queue' ? <RenderQueuePanel /> : tab === 'beds' ? <BedsPanel /> : <ResourceMonitor />}
        </ErrorBoundary>
      </div>
    </section>
  );
}
