import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { joinNegativeValues } from './negative-values';

const options = {
  loudness: { type: 'string' },
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
} as const;

describe('joinNegativeValues', () => {
  it('lets a string option take a negative number as its value, as parseArgs alone refuses to', () => {
    const args = ['script.txt', '--loudness', '-18', '-o', 'out.wav'];
    expect(() => parseArgs({ args, options, allowPositionals: true })).toThrow(/ambiguous/);
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
    });
    expect(values.loudness).toBe('-18');
    expect(values.output).toBe('out.wav');
    expect(positionals).toEqual(['script.txt']);
    expect(joinNegativeValues(['--loudness', '-16.5'], options)).toEqual(['--loudness=-16.5']);
    expect(joinNegativeValues(['-o', '-.5'], options)).toEqual(['-o-.5']);
  });

  it('leaves options, booleans, words and everything after -- as they were', () => {
    expect(joinNegativeValues(['--loudness', '-o', 'x'], options)).toEqual(['--loudness', '-o', 'x']);
    expect(joinNegativeValues(['--json', '-5'], options)).toEqual(['--json', '-5']);
    expect(joinNegativeValues(['--loudness', 'off'], options)).toEqual(['--loudness', 'off']);
    expect(joinNegativeValues(['--', '--loudness', '-3'], options)).toEqual(['--', '--loudness', '-3']);
  });
});
