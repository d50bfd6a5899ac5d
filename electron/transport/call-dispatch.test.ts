import { describe, expect, it } from 'vitest';
import { createCallDispatcher, defaultValidateOutputs } from './call-dispatch';
import { createFakeStudioHost } from './testing/fake-studio-host';
import type { Logger } from '../host/util/logger';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const log = (level: string) => (message: string) => lines.push(`${level}: ${message}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('createCallDispatcher', () => {
  it('passes the parsed input (with schema defaults) to the handler', async () => {
    const host = createFakeStudioHost();
    const dispatch = createCallDispatcher(host, { log: recordingLogger() });
    const outcome = await dispatch('renderTakes', {
      dir: '/p',
      requests: [{ segmentId: 's1', text: 'Hello', voice: { engine: 'espeak', voice: 'en' } }],
    });
    expect(outcome).toEqual({ ok: true, output: { jobId: 'job-1' } });
    expect(host.calls[0]).toEqual({
      method: 'renderTakes',
      input: {
        dir: '/p',
        requests: [
          {
            segmentId: 's1',
            text: 'Hello',
            force: false,
            voice: { engine: 'espeak', voice: 'en', params: { ratePercent: 100, pitchSemitones: 0 } },
          },
        ],
      },
    });
  });

  it('treats a missing input as {} for methods without arguments', async () => {
    const dispatch = createCallDispatcher(createFakeStudioHost(), { log: recordingLogger() });
    expect((await dispatch('listRecentProjects', undefined)).ok).toBe(true);
    const nullInput = await dispatch('listRecentProjects', null);
    expect(nullInput.ok).toBe(false);
  });

  it('logs outputs that break the contract when validation is on, and still answers', async () => {
    const log = recordingLogger();
    const host = createFakeStudioHost({ listEngines: async () => [{ id: 'x' }] as never });
    const dispatch = createCallDispatcher(host, { log, validateOutputs: true });
    expect(await dispatch('listEngines', {})).toEqual({ ok: true, output: [{ id: 'x' }] });
    expect(log.lines.some((l) => l.startsWith('warn: listEngines returned output'))).toBe(true);

    const quiet = recordingLogger();
    await createCallDispatcher(host, { log: quiet, validateOutputs: false })('listEngines', {});
    expect(quiet.lines).toEqual([]);
  });

  it('logs the stack of unexpected errors on the host side only', async () => {
    const log = recordingLogger();
    const host = createFakeStudioHost({
      listVoices: async () => {
        throw new RangeError('boom');
      },
    });
    const outcome = await createCallDispatcher(host, { log })('listVoices', {});
    expect(outcome).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'listVoices failed: boom' },
    });
    expect(JSON.stringify(outcome)).not.toContain('RangeError');
    expect(log.lines.some((l) => l.includes('RangeError: boom') && l.includes('call-dispatch.test.ts'))).toBe(
      true,
    );
  });

  it('uses toApiError() of typed host errors', async () => {
    class QueueFull extends Error {
      toApiError() {
        return { code: 'queue-full', message: 'The render queue is full.', hint: 'Wait for it to drain.' };
      }
    }
    const host = createFakeStudioHost({
      cancelRender: async () => {
        throw new QueueFull('x');
      },
    });
    const outcome = await createCallDispatcher(host, { log: recordingLogger() })('cancelRender', {
      jobId: 'j',
    });
    expect(outcome).toEqual({
      ok: false,
      error: { code: 'queue-full', message: 'The render queue is full.', hint: 'Wait for it to drain.' },
    });
  });

  it('validates outputs unless NODE_ENV is production', () => {
    expect(defaultValidateOutputs({})).toBe(true);
    expect(defaultValidateOutputs({ NODE_ENV: 'development' })).toBe(true);
    expect(defaultValidateOutputs({ NODE_ENV: 'production' })).toBe(false);
  });
});
