import { describe, expect, it } from 'vitest';
import { cliRunsFromSourcesBecause } from './cli-bundle-setup';

const optedOut = Boolean(process.env.ROUNDTABLE_NO_BUNDLE && process.env.ROUNDTABLE_NO_BUNDLE !== '0');

describe('the CLI bundle the tests run', () => {
  it('is read from bin/roundtable.js itself, which names why it would run the sources', () => {
    expect(cliRunsFromSourcesBecause({ ...process.env, ROUNDTABLE_NO_BUNDLE: '1' })).toBe(
      'ROUNDTABLE_NO_BUNDLE is set',
    );
  });

  it.skipIf(optedOut)('is fresh once the global set-up has run, so the CLI tests run the bundle', () => {
    expect(cliRunsFromSourcesBecause({ ...process.env, ROUNDTABLE_NO_BUNDLE: '' })).toBeUndefined();
  });
});
