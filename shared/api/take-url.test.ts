import { describe, expect, it } from 'vitest';
import { takeUrlPath } from './take-url';

describe('takeUrlPath', () => {
  it('encodes the project folder so any path survives the query', () => {
    expect(takeUrlPath('/home/a b/Ep #1?', '0123456789abcdef')).toBe(
      '/take/0123456789abcdef?dir=%2Fhome%2Fa%20b%2FEp%20%231%3F',
    );
    const url = new URL(takeUrlPath('C:\\Users\\x\\Pod & Co', 'ab'), 'http://127.0.0.1:1');
    expect(url.searchParams.get('dir')).toBe('C:\\Users\\x\\Pod & Co');
  });
});
