import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('joins a line split across chunks and holds an unterminated tail', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('0, GPU A, 81')).toEqual([]);
    expect(splitter.push('92, 2000, 6192, 3\n1, GPU')).toEqual(['0, GPU A, 8192, 2000, 6192, 3']);
    expect(splitter.push(' B, 4096, 1, 4095, 0\n')).toEqual(['1, GPU B, 4096, 1, 4095, 0']);
  });

  it('handles \\r\\n split between chunks, several lines per chunk, and one character per chunk', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('a\r')).toEqual([]);
    expect(splitter.push('\nb\nc\r\n')).toEqual(['a', 'b', 'c']);
    const lines: string[] = [];
    for (const char of 'xy\nz\n') lines.push(...splitter.push(char));
    expect(lines).toEqual(['xy', 'z']);
  });

  it('drops a line that grows past the limit without ending, then recovers', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push('0123456789ABC')).toEqual([]);
    expect(splitter.push('more garbage\nok\n')).toEqual(['ok']);
  });

  it('flushes the unterminated rest', () => {
    const splitter = new LineSplitter();
    splitter.push('a\nrest');
    expect(splitter.flush()).toEqual(['rest']);
    expect(splitter.flush()).toEqual([]);
  });
});
