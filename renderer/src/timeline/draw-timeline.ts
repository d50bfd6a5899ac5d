/**
 * Draws the timeline into a 2D canvas: ruler with chapter flags, one lane per speaker, turns as clips
 * (mini-waveforms from peaks for rendered turns, at their speaker's level; hatched estimates for unrendered
 * ones), gaps and the selection. Only clips in view are drawn, so the cost follows the window, not the
 * episode.
 */
import type { Project, Segment } from '../../../shared/model/project';
import { fadeInGain, signedGapMs } from '../../../shared/model/clip';
import { speakerGainFactors } from '../../../shared/model/speaker-levels';
import type { TurnStatus } from '../state/render-store';
import { formatRuler } from '../util/format';
import type { PeaksCache } from './peaks-cache';
import {
  LANE_HEIGHT_PX,
  RULER_HEIGHT_PX,
  contentHeight,
  laneTop,
  msToX,
  rulerStepMs,
  visibleClips,
  type Viewport,
} from './timeline-geometry';
import { placeFlags } from './chapter-flags';
import { drawTrimHandles } from './draw-trim-handles';
import { drawBedRows } from './draw-beds';
import { chapterMarks, type TimelineLayout } from './timeline-layout';

export interface DrawInput {
  ctx: CanvasRenderingContext2D;
  widthPx: number;
  heightPx: number;
  project: Project;
  layout: TimelineLayout;
  statuses: readonly TurnStatus[];
  view: Viewport;
  selectedIndex: number;
  playingIndex: number;
  /** The turn whose gap is being dragged (its gap gets a label). */
  gapDragIndex: number;
  /** The loop range (ms), drawn as a band across the ruler and lanes. */
  loopRange: { fromMs: number; toMs: number } | null;
  dir: string;
  peaks: PeaksCache;
  patterns: PatternCache;
}

const COLORS = {
  background: '#15181c',
  laneAlt: '#171b20',
  laneLine: '#22272e',
  ruler: '#101215',
  rulerText: '#8b94a0',
  tick: '#3a414b',
  tickMinor: '#272c33',
  chapter: '#f5a524',
  selected: '#ffffff',
  stale: '#f2c14e',
  failed: '#ff6b6b',
  active: '#4fb3ff',
  gapText: '#c9ced6',
};

/** Diagonal hatch patterns per speaker colour, for turns drawn at their estimated length. */
export class PatternCache {
  private readonly patterns = new Map<string, CanvasPattern | null>();
  get(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | null {
    const hit = this.patterns.get(color);
    if (hit !== undefined) return hit;
    const tile = document.createElement('canvas');
    tile.width = 8;
    tile.height = 8;
    const t = tile.getContext('2d');
    if (t) {
      t.strokeStyle = withAlpha(color, 0.35);
      t.lineWidth = 1.5;
      t.beginPath();
      t.moveTo(-2, 10);
      t.lineTo(10, -2);
      t.moveTo(6, 10);
      t.lineTo(10, 6);
      t.moveTo(-2, 2);
      t.lineTo(2, -2);
      t.stroke();
    }
    const pattern = ctx.createPattern(tile, 'repeat');
    this.patterns.set(color, pattern);
    return pattern;
  }
}

export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  const radius = Math.min(r, w / 2, h / 2);
  ctx.beginPath();
  ctx.moveTo(x + radius, y);
  ctx.arcTo(x + w, y, x + w, y + h, radius);
  ctx.arcTo(x + w, y + h, x, y + h, radius);
  ctx.arcTo(x, y + h, x, y, radius);
  ctx.arcTo(x, y, x + w, y, radius);
  ctx.closePath();
}

function drawLanes(input: DrawInput): void {
  const { ctx, widthPx, layout } = input;
  for (let lane = 0; lane < layout.laneCount; lane++) {
    const y = laneTop(lane);
    ctx.fillStyle = lane % 2 === 0 ? COLORS.background : COLORS.laneAlt;
    ctx.fillRect(0, y, widthPx, LANE_HEIGHT_PX);
    ctx.fillStyle = COLORS.laneLine;
    ctx.fillRect(0, y + LANE_HEIGHT_PX - 1, widthPx, 1);
  }
}

function drawRuler(input: DrawInput): void {
  const { ctx, widthPx, view, heightPx } = input;
  ctx.fillStyle = COLORS.ruler;
  ctx.fillRect(0, 0, widthPx, RULER_HEIGHT_PX);
  const step = rulerStepMs(view.pxPerSecond);
  const minor = step / 5;
  const startMs = Math.floor(view.scrollMs / minor) * minor;
  const endMs = view.scrollMs + (widthPx * 1000) / view.pxPerSecond;
  ctx.font = '10.5px ui-monospace, Menlo, Consolas, monospace';
  ctx.textBaseline = 'top';
  for (let ms = startMs; ms <= endMs; ms += minor) {
    const x = Math.round(msToX(ms, view)) + 0.5;
    const major = Math.abs(ms / step - Math.round(ms / step)) < 1e-6;
    ctx.fillStyle = major ? COLORS.tick : COLORS.tickMinor;
    ctx.fillRect(x, major ? 0 : RULER_HEIGHT_PX - 6, 1, major ? RULER_HEIGHT_PX : 6);
    if (major) {
      ctx.fillStyle = 'rgba(255,255,255,0.025)';
      ctx.fillRect(x, RULER_HEIGHT_PX, 1, heightPx - RULER_HEIGHT_PX);
      ctx.fillStyle = COLORS.rulerText;
      ctx.fillText(formatRuler(Math.round(ms), step), x + 4, 3);
    }
  }
  ctx.fillStyle = COLORS.laneLine;
  ctx.fillRect(0, RULER_HEIGHT_PX - 1, widthPx, 1);
}

function drawChapters(input: DrawInput): void {
  const { ctx, view, widthPx, heightPx, project, layout } = input;
  ctx.font = '600 10.5px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const marks = chapterMarks(project, layout).map((mark) => ({
    x: Math.round(msToX(mark.atMs, view)) + 0.5,
    title: mark.title,
  }));
  const placed = placeFlags(marks, (text) => ctx.measureText(text).width);
  marks.forEach((mark, i) => {
    const { x } = mark;
    const flag = placed[i] ?? { label: '', widthPx: 0 };
    if (x < -200 || x > widthPx + 2) return;
    ctx.strokeStyle = withAlpha(COLORS.chapter, 0.35);
    ctx.setLineDash([3, 4]);
    ctx.beginPath();
    ctx.moveTo(x, RULER_HEIGHT_PX);
    ctx.lineTo(x, heightPx);
    ctx.stroke();
    ctx.setLineDash([]);
    const top = RULER_HEIGHT_PX - 20;
    ctx.fillStyle = COLORS.chapter;
    if (flag.widthPx > 0) {
      roundRect(ctx, x, top, flag.widthPx, 15, 3);
      ctx.fill();
    }
    ctx.fillRect(x, top, 1.5, RULER_HEIGHT_PX - top);
    if (flag.label) {
      ctx.fillStyle = '#1a1204';
      ctx.fillText(flag.label, x + 6, top + 8);
    }
  });
}

/**
 * The heard part of a take's waveform in [x, x + w): the whole take's columns shifted by its trimmed start,
 * shaped by its fades and scaled by its speaker's level, as it sounds.
 */
function drawWaveform(
  input: DrawInput,
  segment: Segment,
  x: number,
  y: number,
  w: number,
  h: number,
  color: string,
  gain: number,
): void {
  const { peaks, dir, ctx, widthPx, view } = input;
  const take = segment.take;
  if (!take || !peaks.get(dir, take.hash)) return;
  const pxPerMs = view.pxPerSecond / 1000;
  const takeMs = (take.durationSamples * 1000) / take.sampleRate;
  const fullW = Math.max(1, Math.floor(takeMs * pxPerMs));
  const columns = peaks.columnsOf(take.hash, fullW);
  if (!columns) return;
  const shift = Math.round((segment.trimStartMs ?? 0) * pxPerMs);
  const mid = y + h / 2;
  const from = Math.max(0, Math.floor(-x));
  const to = Math.min(Math.floor(w), Math.ceil(widthPx - x), columns.length - shift);
  // The speaker's level scales the drawing as it scales the sound; a boosted peak stops at the clip's edge.
  const scale = gain * (h / 2) * 0.95;
  const maxAmp = h / 2;
  const fadeIn = (segment.fadeInMs ?? 0) * pxPerMs;
  const fadeOut = (segment.fadeOutMs ?? 0) * pxPerMs;
  ctx.fillStyle = withAlpha(color, 0.85);
  for (let c = from; c < to; c++) {
    let shape = 1;
    if (c < fadeIn) shape *= fadeInGain(c, fadeIn);
    if (w - c < fadeOut) shape *= fadeInGain(w - c, fadeOut);
    const amp = Math.min(maxAmp, Math.max(0.5, (columns[c + shift] ?? 0) * scale * shape));
    ctx.fillRect(x + c, mid - amp, 1, amp * 2);
  }
  // The fades as lines over the clip: up from its start, down to its end.
  ctx.strokeStyle = withAlpha('#ffffff', 0.6);
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (fadeIn >= 2) {
    ctx.moveTo(x, y + h);
    ctx.lineTo(x + Math.min(w, fadeIn), y);
  }
  if (fadeOut >= 2) {
    ctx.moveTo(x + w - Math.min(w, fadeOut), y);
    ctx.lineTo(x + w, y + h);
  }
  ctx.stroke();
}

function drawClips(input: DrawInput): void {
  const { ctx, project, layout, statuses, view, selectedIndex, playingIndex, patterns } = input;
  const colorOf = new Map(project.speakers.map((s) => [s.id, s.color]));
  const gainOf = speakerGainFactors(project);
  ctx.textBaseline = 'top';
  ctx.font = '11px system-ui, sans-serif';
  for (const rect of visibleClips(layout, view)) {
    const segment = project.segments[rect.index];
    if (!segment) continue;
    const color = colorOf.get(segment.speakerId) ?? '#8d97a5';
    const status = statuses[rect.index] ?? 'unrendered';
    const selected = rect.index === selectedIndex;
    const playing = rect.index === playingIndex;
    const estimated = layout.estimated[rect.index] === 1;
    const { x, y, width: w, height: h } = rect;
    const r = w > 8 ? 4 : 1;

    roundRect(ctx, x, y, w, h, r);
    ctx.fillStyle = withAlpha(color, selected || playing ? 0.3 : estimated ? 0.07 : 0.17);
    ctx.fill();
    if (estimated && w > 4) {
      const pattern = patterns.get(ctx, color);
      if (pattern) {
        ctx.fillStyle = pattern;
        ctx.fill();
      }
    }
    if (w > 2) {
      ctx.lineWidth = selected ? 2 : 1;
      ctx.strokeStyle = selected ? COLORS.selected : withAlpha(color, estimated ? 0.55 : 0.85);
      if (estimated && !selected) ctx.setLineDash([4, 3]);
      roundRect(ctx, x + 0.5, y + 0.5, w - 1, h - 1, r);
      ctx.stroke();
      ctx.setLineDash([]);
    }

    const labelH = w > 40 ? 15 : 0;
    if (segment.take && !estimated && w >= 6) {
      const gain = gainOf.get(segment.speakerId) ?? 1;
      drawWaveform(input, segment, x + 1, y + labelH + 2, w - 2, h - labelH - 4, color, gain);
    }

    const band =
      status === 'stale'
        ? COLORS.stale
        : status === 'failed'
          ? COLORS.failed
          : status === 'queued' || status === 'rendering'
            ? COLORS.active
            : null;
    if (band && w > 3) {
      ctx.fillStyle = band;
      ctx.fillRect(x + 1, y + h - 3, w - 2, 2);
    }

    if (labelH > 0) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(x + 5, y, w - 10, labelH + 2);
      ctx.clip();
      ctx.fillStyle = selected ? '#ffffff' : 'rgba(228, 231, 235, 0.82)';
      const prefix = segment.locked ? '🔒 ' : '';
      ctx.fillText(prefix + segment.text, Math.max(x + 5, Math.min(5, x + w - 60)), y + 3);
      ctx.restore();
    }
  }
}

/** Each turn's gap as a faint bracket in its lane, from where the previous turn ends to where it starts. */
function drawGaps(input: DrawInput): void {
  const { ctx, project, layout, view } = input;
  ctx.font = '10px ui-monospace, Menlo, monospace';
  ctx.textBaseline = 'middle';
  for (const rect of visibleClips(layout, view)) {
    const segment = project.segments[rect.index];
    if (!segment || segment.gapBeforeMs <= 0) continue;
    // The selected (or dragged) turn's gap gets the bright label instead.
    const labelled =
      rect.index === input.gapDragIndex || (input.gapDragIndex < 0 && rect.index === input.selectedIndex);
    const x2 = rect.x;
    const x1 = msToX((layout.startMs[rect.index] ?? 0) - segment.gapBeforeMs, view);
    if (x2 - x1 < 12) continue;
    const y = Math.round(rect.y + rect.height / 2) + 0.5;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.13)';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x1 + 2, y - 4);
    ctx.lineTo(x1 + 2, y + 4);
    ctx.moveTo(x1 + 2, y);
    ctx.lineTo(x2 - 2, y);
    ctx.stroke();
    if (!labelled && x2 - x1 >= 56 && segment.gapBeforeMs >= 1000) {
      const label = `${(segment.gapBeforeMs / 1000).toFixed(1)} s`;
      const w = ctx.measureText(label).width + 8;
      const lx = (x1 + x2) / 2 - w / 2;
      ctx.fillStyle = COLORS.background;
      ctx.fillRect(lx, y - 6, w, 12);
      ctx.fillStyle = 'rgba(201, 206, 214, 0.45)';
      ctx.fillText(label, lx + 4, y + 0.5);
    }
  }
}

function drawGapLabel(input: DrawInput, index: number): void {
  const { ctx, project, layout, view } = input;
  const segment = project.segments[index];
  if (!segment) return;
  const start = layout.startMs[index] ?? 0;
  const signed = signedGapMs(segment);
  const x2 = msToX(start, view);
  const x1 = msToX(start - signed, view);
  const y = laneTop(layout.lane[index] ?? 0) + LANE_HEIGHT_PX / 2;
  ctx.strokeStyle = withAlpha('#ffffff', 0.5);
  ctx.setLineDash([2, 2]);
  ctx.beginPath();
  ctx.moveTo(x1, y);
  ctx.lineTo(x2, y);
  ctx.stroke();
  ctx.setLineDash([]);
  const label = signed < 0 ? `overlap ${-signed} ms` : `${signed} ms`;
  ctx.font = '600 11px ui-monospace, Menlo, monospace';
  const w = ctx.measureText(label).width + 10;
  // Right-aligned to the clip's left edge: over the gap when it is wide, into the empty lane before it when not.
  const lx = x2 - w - 4;
  ctx.fillStyle = '#0e1013';
  roundRect(ctx, lx, y - 9, w, 18, 3);
  ctx.fill();
  ctx.fillStyle = COLORS.gapText;
  ctx.textBaseline = 'middle';
  ctx.fillText(label, lx + 5, y + 0.5);
}

function drawLoop(input: DrawInput): void {
  const { ctx, view, heightPx, loopRange } = input;
  if (!loopRange) return;
  const x1 = msToX(loopRange.fromMs, view);
  const x2 = msToX(loopRange.toMs, view);
  ctx.fillStyle = withAlpha(COLORS.active, 0.1);
  ctx.fillRect(x1, 0, x2 - x1, heightPx);
  ctx.fillStyle = withAlpha(COLORS.active, 0.75);
  ctx.fillRect(x1, 0, x2 - x1, 4);
  ctx.fillRect(x1, 0, 1.5, heightPx);
  ctx.fillRect(x2 - 1.5, 0, 1.5, heightPx);
}

export function drawTimeline(input: DrawInput): void {
  const { ctx, widthPx, heightPx } = input;
  ctx.clearRect(0, 0, widthPx, heightPx);
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, widthPx, Math.max(heightPx, contentHeight(input.layout.laneCount)));
  drawLanes(input);
  drawRuler(input);
  drawGaps(input);
  drawClips(input);
  const focused = input.gapDragIndex >= 0 ? input.gapDragIndex : input.selectedIndex;
  drawTrimHandles(input.ctx, input.layout, input.view, focused);
  drawBedRows(input.ctx, input.project, input.layout.laneCount, input.view, widthPx);
  drawChapters(input);
  drawLoop(input);
  if (focused > 0 || input.gapDragIndex === 0) drawGapLabel(input, focused);
}
