/** The trim handles of the selected rendered clip: a grip at each edge (drag them, or [ ] and Shift+[ ]). */
import { clipRect, type Viewport } from './timeline-geometry';
import type { TimelineLayout } from './timeline-layout';

const GRIP_WIDTH_PX = 4;

export function drawTrimHandles(
  ctx: CanvasRenderingContext2D,
  layout: TimelineLayout,
  view: Viewport,
  index: number,
): void {
  if (index < 0 || layout.estimated[index] !== 0) return;
  const rect = clipRect(layout, index, view);
  if (rect.width < GRIP_WIDTH_PX * 6) return;
  const height = Math.round(rect.height * 0.6);
  const y = rect.y + Math.round((rect.height - height) / 2);
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  for (const x of [rect.x + 1, rect.x + rect.width - 1 - GRIP_WIDTH_PX]) {
    ctx.fillRect(Math.round(x), y, GRIP_WIDTH_PX, height);
  }
  ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
  for (const x of [rect.x + 2.5, rect.x + rect.width - 2.5 - GRIP_WIDTH_PX / 2]) {
    ctx.fillRect(Math.round(x), y + 3, 1, height - 6);
  }
}
