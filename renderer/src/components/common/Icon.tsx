/** Small stroke icons drawn inline (no icon font, no package). */
const PATHS = {
  play: 'M7 5v14l12-7z',
  stop: 'M6 6h12v12H6z',
  pause: 'M7 5h3.5v14H7zM13.5 5H17v14h-3.5z',
  toStart: 'M5 5h2v14H5zM19 5v14L8 12z',
  playFrom: 'M4 5h2v14H4zM9 5v14l11-7z',
  undo: 'M9 14L4 9l5-5M4 9h10a6 6 0 010 12h-3',
  redo: 'M15 14l5-5-5-5M20 9H10a6 6 0 000 12h3',
  render: 'M3 12h2M7 8v8M11 5v14M15 9v6M19 11v2M21 12h0',
  export: 'M12 3v12M7 10l5 5 5-5M5 19h14',
  lock: 'M7 11V8a5 5 0 0110 0v3M5 11h14v10H5z',
  unlock: 'M7 11V8a5 5 0 019.6-2M5 11h14v10H5z',
  zoomIn: 'M11 4a7 7 0 100 14 7 7 0 000-14zM20 20l-4-4M8 11h6M11 8v6',
  zoomOut: 'M11 4a7 7 0 100 14 7 7 0 000-14zM20 20l-4-4M8 11h6',
  fit: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  grip: 'M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01',
  plus: 'M12 5v14M5 12h14',
  trash: 'M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3',
  alert: 'M12 3l10 18H2zM12 10v5M12 18h.01',
  check: 'M5 12l5 5 9-10',
  info: 'M12 3a9 9 0 100 18 9 9 0 000-18zM12 11v6M12 7.5h.01',
  close: 'M6 6l12 12M18 6L6 18',
  folder: 'M3 6h6l2 2h10v11H3z',
  file: 'M6 3h8l4 4v14H6zM14 3v4h4',
  speaker: 'M4 9v6h4l5 4V5L8 9zM16 9a4 4 0 010 6M18.5 6.5a8 8 0 010 11',
  refresh: 'M20 11a8 8 0 10-2.3 5.7M20 5v6h-6',
  repeat: 'M17 2l3 3-3 3M4 11V9a4 4 0 014-4h12M7 22l-3-3 3-3M20 13v2a4 4 0 01-4 4H4',
  history: 'M3 12a9 9 0 103-6.7L3 8M3 3v5h5M12 7v5l3 3',
  script: 'M5 4h14v16H5zM8 8h8M8 12h8M8 16h5',
  gauge: 'M4 16a8 8 0 1116 0M12 16l4-5',
  keyboard: 'M3 7h18v11H3zM7 11h.01M11 11h.01M15 11h.01M8 14h8',
  chevronDown: 'M6 9l6 6 6-6',
  dot: 'M12 11a1 1 0 100 2 1 1 0 000-2z',
  record: 'M12 6a6 6 0 100 12 6 6 0 000-12z',
  levels: 'M3 7h18M6 20v-9M12 20v-9M18 20v-9',
  arrowRight: 'M5 12h14M13 6l6 6-6 6',
  pronounce: 'M4 5h16v11h-8l-5 4v-4H4zM8 9h8M8 12h5',
  server: 'M4 4h16v6H4zM4 14h16v6H4zM8 7h.01M8 17h.01',
  star: 'M12 3l2.8 5.7 6.2.9-4.5 4.4 1.1 6.2L12 17.3l-5.6 2.9 1.1-6.2L3 9.6l6.2-.9z',
  search: 'M11 4a7 7 0 100 14 7 7 0 000-14zM20 20l-4-4',
  box: 'M4 7l8-4 8 4v10l-8 4-8-4zM4 7l8 4 8-4M12 11v10',
} as const;

export type IconName = keyof typeof PATHS;

const FILLED = new Set<IconName>(['play', 'stop', 'pause', 'playFrom', 'toStart', 'record']);

export function Icon({ name, size = 16, title }: { name: IconName; size?: number; title?: string }) {
  const filled = FILLED.has(name);
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={filled ? 0 : 2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
    >
      {title ? <title>{title}</title> : null}
      <path d={PATHS[name]} />
    </svg>
  );
}
