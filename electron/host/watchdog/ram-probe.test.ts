import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseMeminfo, parseStatusRss, readProcessRss, readRam } from './ram-probe';

describe('ram probe', () => {
  it('parses MemAvailable and VmRSS', () => {
    const meminfo = 'MemTotal:       24683656 kB\nMemFree:         1000000 kB\nMemAvailable:   20000000 kB\n';
    expect(parseMeminfo(meminfo)).toEqual({ totalBytes: 24683656 * 1024, availableBytes: 20000000 * 1024 });
    expect(parseMeminfo('MemTotal: 1 kB\n')).toBeNull();
    expect(parseStatusRss('Name:\tnode\nVmRSS:\t  123456 kB\n')).toBe(123456 * 1024);
    expect(parseStatusRss('Name:\tzombie\n')).toBeNull();
  });

  it('reads this machine', () => {
    const ram = readRam();
    expect(ram.totalBytes).toBe(os.totalmem());
    expect(ram.freeBytes).toBeGreaterThan(0);
    expect(ram.freeBytes).toBeLessThanOrEqual(ram.totalBytes);
    if (process.platform === 'linux') {
      expect(ram.source).toBe('meminfo');
      const rss = readProcessRss(process.pid);
      expect(rss).toBeGreaterThan(10 * 1024 * 1024);
      expect(Math.abs(rss! - process.memoryUsage().rss)).toBeLessThan(64 * 1024 * 1024);
      expect(readProcessRss(2 ** 22 + 7)).toBeNull();
    } else {
      expect(readProcessRss(process.pid)).toBeNull();
    }
  });
});
