import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem, positionAt } from './json-position';

describe('findJsonSyntaxProblem', () => {
  it('accepts valid JSON, whatever JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '"s"', '0']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonSyntaxProblem(text)).toBeUndefined();
    }
  });

  it.each([
    ['', 0, /empty/],
    ['   ', 0, /empty/],
    ['{"a": 1', 7, /ends too early/],
    ['{"a": "unterminated', 19, /ends inside a string/],
    ['{"a": 1,}', 8, /property name/],
    ["{'a': 1}", 1, /property name/],
    ['{"a" 1}', 5, /':'/],
    ['[1 2]', 3, /',' or '\]'/],
    ['{"a": tru}', 6, /unexpected 't'/],
    ['{"a": 01}', 7, /',' or '}'/],
    ['{"a": 1} x', 9, /after the end/],
    ['\0\0\0\0', 0, /NUL/],
    ['{"a": "bad \\q"}', 11, /bad escape/],
  ])('finds the problem in %j at offset %i', (text, offset, detail) => {
    expect(() => JSON.parse(text)).toThrow();
    const problem = findJsonSyntaxProblem(text);
    expect(problem?.offset).toBe(offset);
    expect(problem?.detail).toMatch(detail);
  });
});

describe('positionAt', () => {
  it('gives 1-based lines and columns, counting \\r\\n once', () => {
    const text = 'ab\r\ncd\nef';
    expect(positionAt(text, 0)).toEqual({ offset: 0, line: 1, column: 1 });
    expect(positionAt(text, 5)).toEqual({ offset: 5, line: 2, column: 2 });
    expect(positionAt(text, 8)).toEqual({ offset: 8, line: 3, column: 2 });
  });
});
