/** Display formatting for times, sizes and dates. */

/** `m:ss.t` (or `h:mm:ss.t`) for the transport and clip lengths. */
export function formatClock(ms: number, tenths = true): string {
  const safe = Math.max(0, Math.round(ms));
  const totalSeconds = Math.floor(safe / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  const t = Math.floor((safe % 1000) / 100);
  const body =
    h > 0
      ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
      : `${m}:${String(s).padStart(2, '0')}`;
  return tenths ? `${body}.${t}` : body;
}

/** Ruler labels: `1:30`, `1:30.5` below a second step. */
export function formatRuler(ms: number, stepMs: number): string {
  return formatClock(ms, stepMs < 1000);
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : formatClock(ms, false);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  return `${Math.round(bytes / 1024)} KB`;
}

export function formatTimeOfDay(atMs: number): string {
  const d = new Date(atMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function formatRelative(atMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - atMs) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 14) return `${days} d ago`;
  return new Date(atMs).toLocaleDateString();
}

export function formatEta(ms: number | null): string {
  if (ms === null) return 'estimating…';
  if (ms < 1000) return 'almost done';
  if (ms < 60_000) return `${Math.ceil(ms / 1000)} s left`;
  return `${Math.ceil(ms / 60_000)} min left`;
}
