/**
 * The project's beds on the timeline, one row each under the speaker lanes: where each plays (placed as the
 * export places it), its fades as ramps, a loop's seams, its level and ducking in words. Drawn only; the
 * Beds tab edits them.
 */
import { BedPlacementError, placeBeds, type PlacedBed } from '../../../shared/model/bed-placement';
import type { Project } from '../../../shared/model/project';
import { buildTimeline } from '../../../shared/model/timeline';
import { contentHeight, msToX, type Viewport } from './timeline-geometry';

/** Height of one bed's row under the lanes. */
export const BED_ROW_PX = 30;
const BED_COLOR = '#b48cff';

const placedCache = new WeakMap<Project, PlacedBed[]>();

/** The project's beds placed in ms (empty when it has none, or one is anchored to a missing turn). */
export function placedBedsMs(project: Project): PlacedBed[] {
  if (!project.beds?.length) return [];
  const hit = placedCache.get(project);
  if (hit) return hit;
  let placed: PlacedBed[] = [];
  try {
    placed = placeBeds(project, buildTimeline(project), 1000);
  } catch (error) {
    if (!(error instanceof BedPlacementError)) throw error;
  }
  placedCache.set(project, placed);
  return placed;
}

/** The timeline's height with its bed rows. */
export function timelineHeight(laneCount: number, bedCount: number): number {
  return contentHeight(laneCount) + bedCount * BED_ROW_PX;
}

export function drawBedRows(
  ctx: CanvasRenderingContext2D,
  project: Project,
  laneCount: number,
  view: Viewport,
  widthPx: number,
): void {
  const top = contentHeight(laneCount);
  placedBedsMs(project).forEach((placed, row) => {
    const y = top + row * BED_ROW_PX;
    ctx.fillStyle = 'rgba(180, 140, 255, 0.05)';
    ctx.fillRect(0, y, widthPx, BED_ROW_PX);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.06)';
    ctx.fillRect(0, y + BED_ROW_PX - 1, widthPx, 1);
    const x1 = msToX(placed.startFrame, view);
    const x2 = msToX(placed.startFrame + placed.frames, view);
    if (x2 < 0 || x1 > widthPx) return;
    const clipTop = y + 4;
    const height = BED_ROW_PX - 8;
    ctx.fillStyle = 'rgba(180, 140, 255, 0.28)';
    ctx.fillRect(x1, clipTop, Math.max(1, x2 - x1), height);
    ctx.strokeStyle = BED_COLOR;
    ctx.lineWidth = 1;
    ctx.strokeRect(Math.round(x1) + 0.5, clipTop + 0.5, Math.max(1, Math.round(x2 - x1) - 1), height - 1);
    // Fades as ramps from the bottom corners.
    const bed = placed.bed;
    ctx.fillStyle = 'rgba(14, 16, 19, 0.55)';
    for (const [edge, ms, dir] of [
      [x1, bed.fadeInMs, 1],
      [x2, bed.fadeOutMs, -1],
    ] as const) {
      const w = (Math.min(ms, placed.frames) * view.pxPerSecond) / 1000;
      if (w < 2) continue;
      ctx.beginPath();
      ctx.moveTo(edge, clipTop);
      ctx.lineTo(edge + dir * w, clipTop);
      ctx.lineTo(edge, clipTop + height);
      ctx.closePath();
      ctx.fill();
    }
    // A loop's seams.
    if (bed.loop && placed.fileFrames > 0) {
      ctx.fillStyle = 'rgba(180, 140, 255, 0.7)';
      const stepPx = (placed.fileFrames * view.pxPerSecond) / 1000;
      if (stepPx >= 6) {
        for (let x = x1 + stepPx; x < Math.min(x2, widthPx); x += stepPx) {
          if (x > 0) ctx.fillRect(Math.round(x), clipTop + height - 5, 1, 5);
        }
      }
    }
    const level = bed.gainDb === 0 ? '' : ` · ${bed.gainDb > 0 ? '+' : ''}${bed.gainDb} dB`;
    const duck = bed.duck ? ` · ducked ${bed.duck.depthDb} dB` : '';
    const label = `${bed.audio.fileName}${level}${duck}`;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#e9e1ff';
    const textX = Math.max(x1, 0) + 6;
    const room = Math.min(x2, widthPx) - textX - 4;
    if (room > 24) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(textX, clipTop, room, height);
      ctx.clip();
      ctx.fillText(label, textX, clipTop + height / 2 + 0.5);
      ctx.restore();
    }
  });
}
