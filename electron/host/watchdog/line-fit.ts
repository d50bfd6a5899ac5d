/**
 * The least-squares line through points, when their x values span enough to tell a slope from a fixed
 * part: the memory calibration (bytes per character, estimates.ts) and the render time model (time per
 * character, render-time-model.ts) both fit one.
 */
export function fitLine(
  points: readonly { x: number; y: number }[],
  minSpan: number,
): { slope: number; meanX: number; meanY: number } | null {
  if (points.length < 2) return null;
  const xs = points.map((point) => point.x);
  if (Math.max(...xs) < minSpan * Math.min(...xs)) return null;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const point of points) {
    covariance += (point.x - meanX) * (point.y - meanY);
    variance += (point.x - meanX) ** 2;
  }
  return { slope: covariance / variance, meanX, meanY };
}
