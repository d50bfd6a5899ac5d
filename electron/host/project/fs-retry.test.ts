import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_DELAYS_MS, withLockRetry } from './fs-retry';

function failing(codes: string[]) {
  let calls = 0;
  const operation = async () => {
    const code = codes[calls];
    calls += 1;
    if (code !== undefined) throw Object.assign(new Error(code), { code });
    return 'done';
  };
  return { operation, calls: () => calls };
}

describe('withLockRetry', () => {
  it('retries Windows lock errors with bounded backoff (about 1 s in all)', async () => {
    const waits: number[] = [];
    const { operation, calls } = failing(['EPERM', 'EBUSY', 'EACCES']);
    const sleep = async (ms: number) => void waits.push(ms);
    await expect(withLockRetry(operation, { platform: 'win32', sleep })).resolves.toBe('done');
    expect(calls()).toBe(4);
    expect(waits).toEqual([10, 20, 40]);
    const total = DEFAULT_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(800);
    expect(total).toBeLessThanOrEqual(1000);
  });

  it('gives up after 10 tries', async () => {
    const waits: number[] = [];
    const { operation, calls } = failing(Array(20).fill('EBUSY'));
    const sleep = async (ms: number) => void waits.push(ms);
    await expect(withLockRetry(operation, { platform: 'win32', sleep })).rejects.toMatchObject({
      code: 'EBUSY',
    });
    expect(calls()).toBe(10);
    expect(waits).toHaveLength(9);
  });

  it('does not retry other errors, nor lock codes off Windows', async () => {
    const sleep = async () => undefined;
    const enoent = failing(['ENOENT']);
    await expect(withLockRetry(enoent.operation, { platform: 'win32', sleep })).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(enoent.calls()).toBe(1);
    const eacces = failing(['EACCES']);
    await expect(withLockRetry(eacces.operation, { platform: 'linux', sleep })).rejects.toMatchObject({
      code: 'EACCES',
    });
    expect(eacces.calls()).toBe(1);
  });
});
