/** Byte units and the human formatting the watchdog's messages use. */
export const KIB = 1024;
export const MIB = 1024 * 1024;
export const GIB = 1024 * 1024 * 1024;

/** "7.9 GiB"; one decimal, or none from 100 GiB up. */
export function formatGiB(bytes: number): string {
  const gib = bytes / GIB;
  return `${gib >= 100 ? gib.toFixed(0) : gib.toFixed(1)} GiB`;
}

/** Bytes in a friendly unit: MiB below 1 GiB, GiB above. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) < GIB) return `${Math.round(bytes / MIB)} MiB`;
  return formatGiB(bytes);
}

/** "97 %" from a 0..1 fraction, rounded down so that 96.6 % never reads as 97 % on its way up. */
export function formatPercent(fraction: number): string {
  // The epsilon keeps 0.97 (stored as 0.96999...) reading as 97 %.
  return `${Math.floor(Math.max(0, Math.min(1, fraction)) * 100 + 1e-9)} %`;
}

/** "7.9 of 8.0 GiB" */
export function formatUsedOf(usedBytes: number, totalBytes: number): string {
  return `${(usedBytes / GIB).toFixed(1)} of ${formatGiB(totalBytes)}`;
}
