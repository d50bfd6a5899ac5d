/** RAM and GPU memory gauges from the host's readings, and the watchdog's actions with their reasons. */
import type { WatchdogAction } from '../../../../shared/api/studio-api';
import { useMonitor } from '../../app/studio-context';
import { usedFraction, type ResourceSample } from '../../state/monitor-store';
import { formatBytes, formatTimeOfDay } from '../../util/format';
import { EmptyState } from '../common/EmptyState';
import { sidecarLines } from './sidecar-lines';
import './monitor.css';

const ACTION_LABEL: Record<WatchdogAction['action'], string> = {
  'pause-queue': 'Paused the queue',
  'resume-queue': 'Resumed the queue',
  'shrink-chunks': 'Smaller chunks',
  'unload-idle-models': 'Unloaded idle models',
  'restart-worker': 'Restarted the worker',
  'fallback-cpu': 'Fell back to CPU',
  'worker-crashed': 'Worker crashed',
  'worker-hung': 'Worker stopped answering',
  'retry-chunk': 'Retried a chunk',
  'gave-up': 'Gave up',
  'probe-degraded': 'Monitoring limited',
};

const SEVERE = new Set<WatchdogAction['action']>([
  'worker-crashed',
  'worker-hung',
  'gave-up',
  'fallback-cpu',
]);

function level(fraction: number): 'ok' | 'warn' | 'bad' {
  return fraction >= 0.9 ? 'bad' : fraction >= 0.75 ? 'warn' : 'ok';
}

function Gauge({
  label,
  fraction,
  detail,
  testId,
}: {
  label: string;
  fraction: number | null;
  detail: string;
  testId: string;
}) {
  return (
    <div className="gauge" data-testid={testId}>
      <div className="gauge__top">
        <span className="gauge__label">{label}</span>
        <span className="gauge__value mono">
          {fraction === null ? '—' : `${Math.round(fraction * 100)}%`}
        </span>
      </div>
      <div className="gauge__track">
        {fraction === null ? null : (
          <div
            className={`gauge__fill gauge__fill--${level(fraction)}`}
            style={{ width: `${fraction * 100}%` }}
          />
        )}
      </div>
      <div className="gauge__detail">{detail}</div>
    </div>
  );
}

function Sparkline({ samples }: { samples: ResourceSample[] }) {
  if (samples.length < 2) return null;
  const w = 300;
  const h = 40;
  const line = (pick: (s: ResourceSample) => number | null) =>
    samples
      .map((s, i) => {
        const v = pick(s);
        return v === null ? null : `${((i / (samples.length - 1)) * w).toFixed(1)},${(h - v * h).toFixed(1)}`;
      })
      .filter((p): p is string => p !== null)
      .join(' ');
  return (
    <svg
      className="sparkline"
      viewBox={`0 0 ${w} ${h}`}
      preserveAspectRatio="none"
      aria-label="Memory use over time"
    >
      <line x1="0" x2={w} y1={h * 0.1} y2={h * 0.1} className="sparkline__limit" />
      <polyline points={line((s) => s.ramUsedFraction)} className="sparkline__ram" />
      <polyline points={line((s) => s.gpuUsedFraction)} className="sparkline__gpu" />
    </svg>
  );
}

export function ResourceMonitor() {
  const latest = useMonitor((s) => s.latest);
  const samples = useMonitor((s) => s.samples);
  const watchdog = useMonitor((s) => s.watchdog);
  return (
    <div className="monitor" data-testid="resource-monitor">
      {!latest ? (
        <div className="monitor__waiting">Waiting for the first reading from the studio host…</div>
      ) : (
        <div className="monitor__gauges">
          <div className="monitor__pressure">
            Memory pressure{' '}
            <span className={`pressure pressure--${latest.pressure}`} data-testid="pressure">
              {latest.pressure}
            </span>
          </div>
          <Gauge
            testId="gauge-ram"
            label="RAM"
            fraction={usedFraction(latest.ram.totalBytes, latest.ram.freeBytes)}
            detail={`${formatBytes(latest.ram.totalBytes - latest.ram.freeBytes)} of ${formatBytes(latest.ram.totalBytes)}${
              latest.workerRssBytes !== null ? ` · worker ${formatBytes(latest.workerRssBytes)}` : ''
            }`}
          />
          {latest.gpus.length === 0 ? (
            <div className="gauge__detail">No GPU found: voices render on the CPU.</div>
          ) : (
            latest.gpus.map((gpu) => (
              <Gauge
                key={gpu.index}
                testId="gauge-gpu"
                label={`GPU ${gpu.index}`}
                fraction={usedFraction(gpu.totalBytes, gpu.freeBytes)}
                detail={
                  gpu.freeBytes === null
                    ? `${gpu.name} · ${formatBytes(gpu.totalBytes)} · free memory cannot be read on this GPU`
                    : `${gpu.name} · ${formatBytes(gpu.totalBytes - gpu.freeBytes)} of ${formatBytes(gpu.totalBytes)}`
                }
              />
            ))
          )}
          {sidecarLines(latest).map((line) => (
            <div key={line.name} className="gauge__detail" data-testid="sidecar-memory">
              {line.text}
            </div>
          ))}
          <Sparkline samples={samples} />
        </div>
      )}
      <div className="monitor__events-head">
        <span className="panel__title">Watchdog</span>
        <span className="panel__count">{watchdog.length || ''}</span>
      </div>
      {watchdog.length === 0 ? (
        <EmptyState icon="gauge" title="All quiet">
          When memory runs low or the voice engine stalls, what the watchdog did about it is listed here.
        </EmptyState>
      ) : (
        <ul className="watchdog" data-testid="watchdog-events">
          {watchdog.map((event, i) => (
            <li
              key={`${event.atMs}-${i}`}
              className={`watchdog__item ${SEVERE.has(event.action) ? 'watchdog__item--severe' : ''}`}
              data-testid="watchdog-event"
              data-action={event.action}
            >
              <span className="watchdog__time mono">{formatTimeOfDay(event.atMs)}</span>
              <span className="watchdog__body">
                <span className="watchdog__action">{ACTION_LABEL[event.action] ?? event.action}</span>
                <span className="watchdog__reason">{event.reason}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
