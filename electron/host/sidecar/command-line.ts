/**
 * Splits a command line the user typed (`--command "audiocpp_server --config {config} --port {port}"`) into
 * a program and its arguments, without a shell: nothing is ever run through `sh -c` or `cmd /c`.
 *
 * - Words are separated by spaces or tabs; `'...'` keeps everything literally; `"..."` keeps spaces and
 *   takes `\"` and `\\` as escapes.
 * - Outside quotes a backslash escapes only a quote or a space; any other backslash is kept as typed, so
 *   Windows paths (`C:\audio.cpp\bin\audiocpp_server.exe`, `\\server\share`) need no doubling.
 * - Shell syntax (pipes, `;`, `&&`, redirections, `$(...)`, backticks) is refused with a message, since
 *   without a shell it would reach the program as plain arguments.
 */

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

const SHELL_SYNTAX = /^(\||\|\||&&|;|&|>|>>|<|2>|2>&1)$/;

export function parseCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  let quotedWord = false;
  const finish = () => {
    if (!inWord) return;
    if (!quotedWord && SHELL_SYNTAX.test(word)) {
      throw new CommandLineError(
        `"${word}" is shell syntax, but the command runs without a shell; put the pipeline or redirection in a script and give the script as the command`,
      );
    }
    words.push(word);
    word = '';
    inWord = false;
    quotedWord = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    const next = text[i + 1];
    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === '\\' && (next === '"' || next === '\\')) {
        word += next;
        i += 1;
      } else word += char;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      finish();
      continue;
    }
    inWord = true;
    if (char === "'" || char === '"') {
      quote = char;
      quotedWord = true;
      continue;
    }
    if (char === '\\' && next !== undefined && (next === '"' || next === "'" || next === ' ')) {
      word += next;
      i += 1;
      continue;
    }
    if (char === '`' || (char === '$' && next === '(')) {
      throw new CommandLineError(
        `"${char === '`' ? '`' : '$('}" is shell syntax, but the command runs without a shell; give the value itself`,
      );
    }
    word += char;
  }
  if (quote) throw new CommandLineError(`the command has an unclosed ${quote} quote`);
  finish();
  if (words.length === 0) throw new CommandLineError('the command is empty');
  return words;
}
