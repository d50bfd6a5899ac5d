/**
 * Finds where a JSON text first goes wrong, so "project.json is damaged" can name a line and column on every
 * Node version (V8's JSON.parse messages do not always carry a position).
 */
import type { TextPosition } from './project-errors';

export interface JsonSyntaxProblem {
  offset: number;
  detail: string;
}

class JsonScanner {
  private i = 0;

  constructor(private readonly text: string) {}

  /** Undefined when the text is valid JSON. */
  scan(): JsonSyntaxProblem | undefined {
    try {
      this.skipSpace();
      if (this.i >= this.text.length) return { offset: 0, detail: 'the file is empty' };
      this.value(0);
      this.skipSpace();
      if (this.i < this.text.length) this.fail('unexpected text after the end of the data');
      return undefined;
    } catch (error) {
      if (error instanceof ScanFailure) return { offset: error.offset, detail: error.detail };
      throw error;
    }
  }

  private fail(detail: string, offset = this.i): never {
    throw new ScanFailure(offset, detail);
  }

  private skipSpace(): void {
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i += 1;
      else break;
    }
  }

  private value(depth: number): void {
    if (depth > 2_000) this.fail('nesting is too deep');
    this.skipSpace();
    const c = this.text[this.i];
    if (c === undefined) this.fail('the file ends too early (it was probably cut off)');
    if (c === '{') this.object(depth);
    else if (c === '[') this.array(depth);
    else if (c === '"') this.string();
    else if (c === '-' || (c >= '0' && c <= '9')) this.number();
    else if (this.text.startsWith('true', this.i)) this.i += 4;
    else if (this.text.startsWith('false', this.i)) this.i += 5;
    else if (this.text.startsWith('null', this.i)) this.i += 4;
    else this.fail(`unexpected ${describeChar(c)}`);
  }

  private object(depth: number): void {
    this.i += 1;
    this.skipSpace();
    if (this.text[this.i] === '}') {
      this.i += 1;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.i] !== '"') this.expected('a property name in double quotes');
      this.string();
      this.skipSpace();
      if (this.text[this.i] !== ':') this.expected("':' after the property name");
      this.i += 1;
      this.value(depth + 1);
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ',') this.i += 1;
      else if (c === '}') {
        this.i += 1;
        return;
      } else this.expected("',' or '}'");
    }
  }

  private array(depth: number): void {
    this.i += 1;
    this.skipSpace();
    if (this.text[this.i] === ']') {
      this.i += 1;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.skipSpace();
      const c = this.text[this.i];
      if (c === ',') this.i += 1;
      else if (c === ']') {
        this.i += 1;
        return;
      } else this.expected("',' or ']'");
    }
  }

  private string(): void {
    this.i += 1;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail('the file ends inside a string (it was probably cut off)');
      if (c === '"') {
        this.i += 1;
        return;
      }
      if (c === '\\') {
        const e = this.text[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail('bad \\u escape');
          this.i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) this.i += 2;
        else this.fail('bad escape in a string');
      } else if (c.charCodeAt(0) < 0x20) this.fail('a control character inside a string');
      else this.i += 1;
    }
  }

  private number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (match === null || match[0] === '-') this.fail('a malformed number');
    this.i += match[0].length;
  }

  private expected(what: string): never {
    const c = this.text[this.i];
    if (c === undefined) this.fail(`the file ends too early, expected ${what} (it was probably cut off)`);
    this.fail(`expected ${what} but found ${describeChar(c)}`);
  }
}

class ScanFailure {
  constructor(
    readonly offset: number,
    readonly detail: string,
  ) {}
}

function describeChar(c: string): string {
  if (c === '\0') return 'a NUL byte';
  return `'${c}'`;
}

/** The first syntax problem in `text`, or undefined if it is valid JSON. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  return new JsonScanner(text).scan();
}

/** 1-based line and column of a 0-based offset (lines end at \n; a \r\n counts once). */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i += 1) {
    if (text.charCodeAt(i) === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}
