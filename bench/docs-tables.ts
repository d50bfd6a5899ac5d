/**
 * The generated parts of docs/benchmarks.md: everything between `<!-- bench:<id> -->` and
 * `<!-- /bench:<id> -->` is rewritten from bench/results after each run (the summary, one table per
 * benchmark, the UI figures); the prose around the markers is written by hand and kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BenchResult, Measure } from './bench-result';
import { formatRatio, formatTarget } from './bench-result';
import type { LatestResults, UiResult } from './results-store';
import { ROOT } from './results-store';

export const DOCS_FILE = path.join(ROOT, 'docs/benchmarks.md');

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return '';
  return pass ? 'pass' : '**MISS**';
}

export function formatMeasure(measure: Measure): string {
  if (measure.unit === 'ms' && measure.value >= 1000) return `${(measure.value / 1000).toFixed(2)} s`;
  if (measure.unit === 'ms') return `${Math.round(measure.value * 10) / 10} ms`;
  return `${measure.value} ${measure.unit}`;
}

function codeText(result: BenchResult): string {
  const { commit, uncommitted } = result.machine.code;
  return uncommitted.length === 0
    ? `commit ${commit}`
    : `commit ${commit} with uncommitted changes to ${uncommitted.join(', ')}`;
}

function day(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}

/** Every row target of a result, the headline included. */
function targetsMet(result: BenchResult): { met: number; total: number } {
  const rows = result.rows.filter((row) => row.pass !== undefined);
  return {
    met: (result.pass ? 1 : 0) + rows.filter((row) => row.pass).length,
    total: 1 + rows.length,
  };
}

export function summaryBlock(latest: LatestResults, names: readonly string[]): string {
  const { machine } = latest;
  const rows = names.map((name) => {
    const result = latest.results[name];
    if (!result) return [`\`${name}\``, 'not run yet', '', '', '', ''];
    const { met, total } = targetsMet(result);
    return [
      `[\`${name}\`](#${name})`,
      result.title,
      formatRatio(result.ratio, result.target),
      formatTarget(result.target),
      verdict(result.pass),
      `${met} of ${total}`,
    ];
  });
  return [
    `Machine of the last run: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, ` +
      `Node ${machine.node}, ${machine.platform}.`,
    '',
    table(['Benchmark', 'What', 'Ratio', 'Target', 'Result', 'Targets met'], rows),
  ].join('\n');
}

export function resultBlock(result: BenchResult | undefined, name: string): string {
  if (!result) return `Not run yet: \`npm run bench -- ${name}\`.`;
  const params = Object.entries(result.params)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  const rows: string[][] = [
    ['Subject: ' + result.subject.label, formatMeasure(result.subject), '', ''],
    ['Baseline: ' + result.baseline.label, formatMeasure(result.baseline), '', ''],
    [
      '**Ratio** (subject / baseline)',
      `**${formatRatio(result.ratio, result.target)}**`,
      formatTarget(result.target),
      verdict(result.pass),
    ],
    ...result.rows.map((row) => [row.label, row.value, row.target ?? '', verdict(row.pass)]),
  ];
  return [
    `Run ${day(result.startedAt)} (${Math.round(result.benchWallMs / 1000)} s) on ${result.machine.cores} cores ` +
      `with a load average of ${result.loadAverage.before} → ${result.loadAverage.after}, code at ` +
      `${codeText(result)}; ${params}.`,
    '',
    table(['Measure', 'Value', 'Target', 'Result'], rows),
    '',
    `Re-run: \`${result.rerun}\``,
    ...result.notes.map((note) => `\n${note}`),
  ].join('\n');
}

export function uiBlock(ui: UiResult | null): string {
  if (!ui) return 'No figures yet: `npm run e2e` writes them to e2e/artifacts/perf.json.';
  const { perf } = ui;
  const openLongest = Math.max(0, ...perf.openLongTasksMs);
  const rows = [
    [
      `Open a ${perf.turns}-turn project`,
      `${perf.openMs} ms`,
      `< ${perf.openBudgetMs} ms`,
      verdict(perf.openMs < perf.openBudgetMs),
    ],
    [
      'Longest task while opening',
      `${openLongest} ms`,
      `≤ ${perf.longTaskBudgetMs} ms`,
      verdict(openLongest <= perf.longTaskBudgetMs),
    ],
    [
      'Longest task while scrolling (list, keyboard, timeline)',
      `${perf.maxScrollLongTaskMs} ms`,
      `≤ ${perf.longTaskBudgetMs} ms`,
      verdict(perf.maxScrollLongTaskMs <= perf.longTaskBudgetMs),
    ],
    ['Turn rows in the DOM (virtualised list)', String(perf.rowsInDom), '', ''],
  ];
  return [
    `Measured ${day(perf.measuredAt)} by \`npm run e2e\` (e2e/large-project.spec.ts, Chromium), copied from ` +
      'e2e/artifacts/perf.json into bench/results/ui.json by the last `npm run bench`.',
    '',
    table(['Measure', 'Value', 'Target', 'Result'], rows),
  ].join('\n');
}

/** Replaces the text between each block's markers; a block whose markers are missing is reported. */
export function updateDocs(blocks: Record<string, string>, file = DOCS_FILE): string[] {
  let text = fs.readFileSync(file, 'utf8');
  const missing: string[] = [];
  for (const [id, body] of Object.entries(blocks)) {
    const start = `<!-- bench:${id} -->`;
    const end = `<!-- /bench:${id} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) {
      missing.push(id);
      continue;
    }
    text = `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`;
  }
  fs.writeFileSync(file, text);
  return missing;
}
