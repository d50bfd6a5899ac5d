/** The doctor report as aligned, readable text for a terminal. */
import type { DoctorReport } from './doctor-report';
import { formatBytes } from './units';

/** Rows of cells padded to the widest cell of each column (the last column is not padded). */
export function table(rows: string[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  }
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('   ')
        .trimEnd(),
  );
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [];
  lines.push(
    `Roundtable doctor — ${report.platform.os}, ${report.platform.arch}, Node ${report.platform.node}`,
  );

  lines.push('', 'Devices');
  lines.push(
    ...table(
      report.devices.map((device) => [
        device.kind === 'cpu' ? 'CPU' : `GPU ${device.index}`,
        device.name,
        deviceMemory(device),
      ]),
    ),
  );
  if (report.inventory.status === 'unknown' && report.inventory.reason) {
    lines.push(`  (GPU inventory unknown: ${report.inventory.reason})`);
  }

  lines.push('', 'Execution providers');
  lines.push(
    ...table(
      report.executionProviders.map((provider) => [
        provider.id,
        provider.available ? 'yes' : 'no',
        provider.detail,
      ]),
    ),
  );

  lines.push('', 'Memory now');
  const ram = report.memory.ram;
  const memoryRows = [['RAM', `${formatBytes(ram.freeBytes)} free of ${formatBytes(ram.totalBytes)}`]];
  for (const gpu of report.memory.gpus) {
    memoryRows.push([
      `GPU ${gpu.index}`,
      gpu.freeBytes === null
        ? `${formatBytes(gpu.totalBytes)} total, free memory cannot be read`
        : `${formatBytes(gpu.freeBytes)} free of ${formatBytes(gpu.totalBytes)}`,
    ]);
  }
  if (report.memory.workerRssBytes !== null)
    memoryRows.push(['Worker', formatBytes(report.memory.workerRssBytes)]);
  memoryRows.push(['Pressure', report.memory.pressure]);
  lines.push(...table(memoryRows));
  if (report.gpuMemory.note) lines.push(`  ${report.gpuMemory.note}`);

  lines.push('', 'Admission now');
  lines.push(
    ...table(
      report.admission.providers.map((entry) => {
        const where = entry.resource === 'gpu' ? 'GPU memory' : 'RAM';
        const room =
          entry.availableBytes === null
            ? `${where} cannot be judged here: loads are not held back`
            : `models up to ${formatBytes(entry.availableBytes)} (${where}, ${formatBytes(entry.reserveBytes)} kept in reserve${entry.basis === 'total' ? ', judged from the total' : ''})`;
        const largest = entry.largestModel
          ? `; largest: ${entry.largestModel.modelId}, chunks up to ${entry.largestModel.maxChunkChars} characters`
          : '';
        return [entry.provider, room + largest];
      }),
    ),
  );

  if (report.admission.models.length > 0) {
    lines.push('', 'Models');
    lines.push(
      ...table(
        report.admission.models.map((model) => [
          model.modelId,
          model.provider,
          `${formatBytes(model.estimateBytes)} (${model.basis})`,
          model.admitted
            ? `would load now${model.maxChunkChars !== null ? `, chunks up to ${model.maxChunkChars} characters` : ''}`
            : `would NOT load now: ${model.reason} ${model.suggestion}`,
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

function deviceMemory(device: DoctorReport['devices'][number]): string {
  const kind = device.kind === 'cpu' ? 'RAM' : 'VRAM';
  if (device.memoryBytes === null) return `${kind} unknown`;
  const free = device.freeBytes === null ? '' : `, ${formatBytes(device.freeBytes)} free`;
  const source = device.source === 'nvidia-smi' ? ' (nvidia-smi)' : '';
  return `${formatBytes(device.memoryBytes)} ${kind}${free}${source}`;
}
