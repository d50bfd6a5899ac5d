/**
 * The up-front plan for rendering a list of turns: turns that are not cached are grouped by model, and each
 * model's chunks are weighed by the watchdog (peak memory, minutes, what to change when it cannot fit).
 */
import type { TurnPlan } from '../render/render-service';
import type { ModelFigures, RenderPlan, ResourceWatchdog } from '../watchdog';
import { formatMinutes } from '../watchdog/render-plan';
import { counted } from '../../../shared/text/plural';

export interface ModelRenderPlan {
  /** Pack id, or the engine id for engines without packs. */
  modelId: string;
  engine: string;
  turns: number;
  plan: RenderPlan;
}

export interface RenderPlanReport {
  /** True when every model's plan fits (also when nothing needs rendering). */
  fits: boolean;
  turnsToRender: number;
  cachedTurns: number;
  estimatedMinutes: number;
  models: ModelRenderPlan[];
}

export interface PlanReportDeps {
  watchdog: ResourceWatchdog;
  figuresFor: (turn: Extract<TurnPlan, { cached: false }>) => Promise<ModelFigures>;
  isLoaded: (modelId: string) => boolean;
}

export async function buildRenderPlanReport(
  turns: TurnPlan[],
  deps: PlanReportDeps,
): Promise<RenderPlanReport> {
  const groups = new Map<
    string,
    { engine: string; figures: ModelFigures; chunks: number[]; turns: number }
  >();
  let cachedTurns = 0;
  for (const turn of turns) {
    if (turn.cached) {
      cachedTurns += 1;
      continue;
    }
    const modelId = turn.model?.id ?? turn.description.id;
    let group = groups.get(modelId);
    if (!group) {
      group = { engine: turn.voice.engine, figures: await deps.figuresFor(turn), chunks: [], turns: 0 };
      groups.set(modelId, group);
    }
    group.turns += 1;
    group.chunks.push(...turn.chunks.map((chunk) => chunk.length));
  }
  const models: ModelRenderPlan[] = [...groups.entries()].map(([modelId, group]) => ({
    modelId,
    engine: group.engine,
    turns: group.turns,
    plan: deps.watchdog.planRender({
      chunks: group.chunks,
      model: { ...group.figures, loaded: deps.isLoaded(modelId) },
    }),
  }));
  return {
    fits: models.every((model) => model.plan.fits),
    turnsToRender: turns.length - cachedTurns,
    cachedTurns,
    estimatedMinutes: models.reduce((sum, model) => sum + model.plan.estimatedMinutes, 0),
    models,
  };
}

/** The plan in sentences: one summary line per model (those that do not fit first), then what to change. */
export function describeRenderPlan(report: RenderPlanReport): { lines: string[]; changes: string[] } {
  const cached = report.cachedTurns > 0 ? ` (${report.cachedTurns} from the cache)` : '';
  if (report.turnsToRender === 0)
    return {
      lines: [
        report.cachedTurns === 1
          ? 'the one turn comes from the cache'
          : `all ${report.cachedTurns} turns come from the cache`,
      ],
      changes: [],
    };
  const ordered = [...report.models].sort((a, b) => Number(a.plan.fits) - Number(b.plan.fits));
  const lines = [
    `${counted(report.turnsToRender, 'turn')} to render${cached}, about ${formatMinutes(report.estimatedMinutes)} in all`,
    ...ordered.map((model) => `${model.modelId} (${counted(model.turns, 'turn')}): ${model.plan.summary}`),
  ];
  const changes = ordered.flatMap((model) =>
    model.plan.changes.map((change) =>
      report.models.length > 1 ? `${model.modelId}: ${change.text}` : change.text,
    ),
  );
  return { lines, changes };
}
