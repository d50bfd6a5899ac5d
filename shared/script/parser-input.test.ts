/** The parser on whatever input it gets: line ends, control characters, floods of problems, random mixes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS } from './diagnostics';
import { parseScript } from './parser';
import type { ParsedScript } from './types';
import { script, turns } from './testing/parse-helpers';

describe('parseScript: normalisation', () => {
  it('strips a BOM, handles CRLF and CR, tabs and runs of spaces', () => {
    const parsed = parseScript('\uFEFFHost:\tHello   there\r\nmore\ttext\rGuest:  Hi\u00a0 you ');
    expect(turns(parsed)).toEqual([
      ['Host', 'Hello there more text'],
      ['Guest', 'Hi you'],
    ]);
    expect(parsed.items[1]).toMatchObject({ line: 3 });
    expect(parsed.lineCount).toBe(3);
  });

  it('counts lines without a phantom line after a final line break', () => {
    expect(parseScript('Host: a\nHost: b\n').lineCount).toBe(2);
    expect(parseScript('Host: a\r\n\r\n').lineCount).toBe(2);
  });

  it('reports an empty script', () => {
    for (const input of ['', '   ', '\n\n\t\n', '\uFEFF']) {
      const parsed = parseScript(input);
      expect(parsed.items).toEqual([]);
      expect(parsed.diagnostics).toHaveLength(1);
      expect(`${parsed.diagnostics[0]?.message}: ${parsed.diagnostics[0]?.fix}`).toMatch(
        /^the script is empty: write turns like `Host: Hello`/,
      );
    }
  });

  it('reports a script of only headings and pauses as having no turns', () => {
    const parsed = parseScript(script('# Intro', '[pause 1s]'));
    expect(parsed.items).toHaveLength(2);
    expect(parsed.diagnostics).toMatchObject([
      { severity: 'error', message: 'the script has no speaker turns' },
    ]);
  });

  it('removes stray control characters from readable text with a warning', () => {
    const parsed = parseScript(script('Host: Hel\u0007lo', 'Guest: fine'));
    expect(turns(parsed)).toEqual([
      ['Host', 'Hel lo'],
      ['Guest', 'fine'],
    ]);
    expect(parsed.diagnostics).toMatchObject([{ line: 1, severity: 'warning' }]);
    expect(parsed.diagnostics[0]?.excerpt).toBe('Host: Hel\uFFFDlo');
  });

  it('warns once about U+FFFD in otherwise readable text', () => {
    const lines = Array.from(
      { length: 50 },
      (_, i) => `Host: Caf\uFFFD number ${i} is open and serves coffee all day`,
    );
    const parsed = parseScript(lines.join('\n'));
    expect(turns(parsed)).toHaveLength(50);
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]).toMatchObject({ line: 1, severity: 'warning' });
    expect(parsed.diagnostics[0]?.fix).toMatch(/UTF-8/);
  });
});

describe('parseScript: diagnostics', () => {
  it(`caps the list at ${MAX_DIAGNOSTICS} with a final "N more problems not shown"`, () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `orphan line ${i}`);
    lines.push('Host: still parsed');
    const parsed = parseScript(lines.join('\n'));
    expect(parsed.diagnostics).toHaveLength(MAX_DIAGNOSTICS);
    expect(parsed.diagnostics.slice(0, -1).map((d) => d.line)).toEqual(
      Array.from({ length: MAX_DIAGNOSTICS - 1 }, (_, i) => i + 1),
    );
    const last = parsed.diagnostics[MAX_DIAGNOSTICS - 1];
    expect(last?.message).toBe(`${1000 - (MAX_DIAGNOSTICS - 1)} more problems not shown`);
    expect(last?.severity).toBe('error');
    expect(turns(parsed)).toEqual([['Host', 'still parsed']]);
  });

  it('keeps excerpts to 120 characters without splitting a surrogate pair', () => {
    const parsed = parseScript(`${'a'.repeat(118)}😀😀😀 and more`);
    const excerpt = parsed.diagnostics[0]?.excerpt ?? '';
    expect(excerpt.length).toBeLessThanOrEqual(120);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('never throws, even when called with something that is not a string', () => {
    for (const bad of [undefined, null, 42, {}, ['Host: hi']] as unknown[]) {
      const parsed = parseScript(bad as string);
      expect(parsed.diagnostics.length).toBeGreaterThan(0);
    }
  });
});

describe('parseScript: every line ends in an item or a diagnostic', () => {
  const fixture = readFileSync(new URL('./fixtures/messy-script.txt', import.meta.url), 'utf8');

  function assertEveryLineCovered(input: string): ParsedScript {
    const parsed = parseScript(input);
    const covered = new Set<number>();
    for (const item of parsed.items) {
      const last = item.kind === 'turn' ? item.lastLine : item.line;
      for (let line = item.line; line <= last; line++) covered.add(line);
    }
    for (const diagnostic of parsed.diagnostics) covered.add(diagnostic.line);
    const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    const uncovered = lines.flatMap((text, i) =>
      text.trim() !== '' && !covered.has(i + 1) ? [`${i + 1}: ${text}`] : [],
    );
    expect(uncovered).toEqual([]);
    return parsed;
  }

  it('holds for the messy fixture', () => {
    const parsed = assertEveryLineCovered(fixture);
    expect(parsed.diagnostics.length).toBeLessThan(MAX_DIAGNOSTICS);
    // A few spot checks on what the fixture should give.
    expect(parsed.speakers).toEqual([
      'Host',
      'Guest 1',
      'Speaker 2',
      "Dr. Jane O'Brien-Smith",
      'Co-Host',
      '主持人',
      'Ведущий',
      'مقدم',
    ]);
    expect(parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => d.line)).toEqual([
      1, 2, 16, 17, 18, 19, 20,
    ]);
    expect(parsed.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.line)).toEqual([
      10, 27, 34, 38,
    ]);
    expect(turns(parsed)).toContainEqual(['Ведущий', 'Привет, мир! 🎙️']);
    expect(turns(parsed)).toContainEqual(['Host', 'Final words. Tabs inside.']);
    expect(turns(parsed)).toContainEqual(['Host', '#hashtag is just text']);
  });

  it('holds for the fixture with CRLF line ends and a BOM', () => {
    assertEveryLineCovered(`\uFEFF${fixture.replace(/\n/g, '\r\n')}`);
  });

  it('holds for random mixes of the fixture lines', () => {
    const lines = fixture.split('\n');
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 200; round++) {
      const picked = Array.from(
        { length: 1 + Math.floor(random() * 30) },
        () => lines[Math.floor(random() * lines.length)],
      );
      assertEveryLineCovered(picked.join('\n'));
    }
  });
});
