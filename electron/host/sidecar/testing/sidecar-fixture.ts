/**
 * The sidecar tests' fixture: a temporary folder per test, supervisors of the fake sidecar that are
 * disposed after each test, and every pid they started killed should a test fail half-way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { fakeSidecarCommand } from '../../../../test-support/fake-sidecar/fake-sidecar-path';
import { readStat } from '../process-tree';
import type { SidecarDefinitionInput } from '../sidecar-definition';
import { parseSidecarDefinition } from '../sidecar-definition';
import { SidecarSupervisor } from '../sidecar-supervisor';
import type { SidecarSupervisorOptions } from '../sidecar-types';

export function sidecarFixture() {
  let dir = '';
  const supervisors: SidecarSupervisor[] = [];
  const strays = new Set<number>();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidecar-test-'));
  });

  afterEach(async () => {
    await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.dispose()));
    // A failed test must not leave fakes behind (they also end themselves after 5 minutes).
    for (const pid of strays) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
    strays.clear();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function supervise(
    extra: string[],
    over: Partial<SidecarDefinitionInput> = {},
    options: SidecarSupervisorOptions = {},
  ): SidecarSupervisor {
    const definition = parseSidecarDefinition({
      name: 'fake',
      command: fakeSidecarCommand(['--pid-file', path.join(dir, 'pids'), ...extra]),
      values: { model: '/models/VibeVoice-1.5B' },
      loadTimeoutS: 120,
      idleTimeoutS: 0,
      ...over,
    });
    const supervisor = new SidecarSupervisor(definition, {
      killGraceMs: 2000,
      healthPollMs: 20,
      ...options,
    });
    supervisor.events.on('state', ({ pid }) => {
      if (pid !== null) strays.add(pid);
    });
    supervisors.push(supervisor);
    return supervisor;
  }

  function startedPids(): number[] {
    const file = path.join(dir, 'pids');
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  }

  /** A path in this test's folder. */
  const at = (...names: string[]) => path.join(dir, ...names);
  return { at, strays, supervise, startedPids };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie is dead; only its parent has not collected it yet.
  return readStat(pid)?.state !== 'Z';
}

export async function speak(baseUrl: string, input = 'Hello there.'): Promise<Response> {
  return fetch(`${baseUrl}/v1/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ model: 'VibeVoice-1.5B', input, response_format: 'wav' }),
  });
}

export const signal = (): AbortSignal => new AbortController().signal;
