/** `roundtable doctor [--json]`: devices, execution providers, memory now, and what would be admitted. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DoctorModel, DoctorOptions } from '../../host/watchdog/doctor-report';
import { buildDoctorReport } from '../../host/watchdog/doctor-report';
import { formatDoctorReport } from '../../host/watchdog/doctor-text';
import { MIB } from '../../host/watchdog/units';

export const DOCTOR_USAGE = `Usage: roundtable doctor [--json] [--estimates <file>] [--model <id>=<MiB>]...

Shows the devices and execution providers this machine offers, memory now, and what the resource
watchdog would admit right now (the largest model and the longest chunk).

Options:
  --json               print the report as JSON
  --estimates <file>   calibrated memory estimates (default: memory-estimates.json in $ROUNDTABLE_DATA_DIR)
  --model <id>=<MiB>   also weigh a model of this size (repeatable)
`;

export interface DoctorCommandDeps {
  /** Model packs to weigh (from the model folder's manifests). */
  models?: () => Promise<DoctorModel[]>;
  /** Default estimates file when --estimates is not given. */
  estimatesPath?: string;
  /** Passed on to buildDoctorReport (tests use it for a fake nvidia-smi). */
  doctor?: Partial<DoctorOptions>;
}

type Io = { stdout: (s: string) => void; stderr: (s: string) => void };

/** The command with its dependencies given (the CLI passes the model packs it knows). */
export function runDoctorCommandWith(deps: DoctorCommandDeps): (args: string[], io: Io) => Promise<number> {
  return async (args, io) => {
    let values: { json?: boolean; help?: boolean; estimates?: string; model?: string[] };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
          estimates: { type: 'string' },
          model: { type: 'string', multiple: true },
        },
      }));
    } catch (error) {
      io.stderr(`roundtable doctor: ${(error as Error).message}\n\n${DOCTOR_USAGE}`);
      return 2;
    }
    if (values.help) {
      io.stdout(DOCTOR_USAGE);
      return 0;
    }
    const models: DoctorModel[] = [];
    for (const spec of values.model ?? []) {
      const match = /^([^=]+)=(\d+(?:\.\d+)?)$/.exec(spec);
      if (!match) {
        io.stderr(`roundtable doctor: --model takes <id>=<MiB>, e.g. --model kokoro=350 (got "${spec}")\n`);
        return 2;
      }
      models.push({ modelId: match[1]!, manifestBytes: Math.round(Number(match[2]) * MIB) });
    }
    try {
      if (deps.models) models.push(...(await deps.models()));
      const dataDir = process.env.ROUNDTABLE_DATA_DIR;
      const estimatesPath =
        values.estimates ??
        deps.estimatesPath ??
        (dataDir ? path.join(dataDir, 'memory-estimates.json') : undefined);
      const report = await buildDoctorReport({ ...deps.doctor, models, estimatesPath });
      io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
      return 0;
    } catch (error) {
      io.stderr(`roundtable doctor: ${(error as Error).message}\n`);
      return 1;
    }
  };
}
