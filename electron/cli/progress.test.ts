import { describe, expect, it } from 'vitest';
import { formatTimeLeft, ProgressBar } from './progress';

describe('progress bar', () => {
  it('shows time left rounded up, as a countdown does: never 0:00 beside work still running', () => {
    expect(formatTimeLeft(1)).toBe('0:01');
    expect(formatTimeLeft(1000)).toBe('0:01');
    expect(formatTimeLeft(1001)).toBe('0:02');
    expect(formatTimeLeft(59_500)).toBe('1:00');
    expect(formatTimeLeft(0)).toBe('0:00');
    expect(formatTimeLeft(-5)).toBe('0:00');
    expect(formatTimeLeft(3_600_000 + 1)).toBe('1:00:01');
  });

  it('prints a line per tenth when stderr is not a terminal, with the time left it is given', () => {
    const lines: string[] = [];
    const bar = new ProgressBar({ stdout: () => {}, stderr: (text) => lines.push(text) }, 'encoding');
    bar.update(1, 10, '', 300);
    bar.update(1, 10, '', 200); // the same tenth: no new line
    bar.update(5, 10, 'half', null);
    bar.update(6, 10, '', 0); // overdue, but still running
    bar.update(10, 10, '', 0);
    expect(lines).toEqual([
      'encoding [##......................]  10% 1/10 ETA 0:01\n',
      'encoding [############............]  50% 5/10 half\n',
      'encoding [##############..........]  60% 6/10 ETA 0:01\n',
      'encoding [########################] 100% 10/10\n',
    ]);
  });
});
