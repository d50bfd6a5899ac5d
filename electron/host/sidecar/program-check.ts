/**
 * Whether a sidecar's program can run at all, checked before its definition is stored: a path that does not
 * exist, a folder, or a file without the execute bit would otherwise fail only at the first render, as a
 * crash loop. A bare name (`audiocpp_server`) is looked up on the PATH the sidecar will inherit.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Why the program cannot run, in words that say what to fix; null when it can. */
export function programProblem(
  program: string,
  options: { env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform; cwd?: string } = {},
): string | null {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const hasSeparator = /[\\/]/.test(program);
  if (!hasSeparator) {
    const found = onPath(program, env, platform);
    return found
      ? null
      : `the program "${program}" is not on the PATH: give its full path (e.g. /opt/audio.cpp/bin/${program})`;
  }
  if (!path.isAbsolute(program) && options.cwd === undefined)
    return `the program ${program} is a relative path: give its full path`;
  const file = path.resolve(options.cwd ?? '/', program);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return `the program ${program} does not exist: give the full path of the server program`;
  }
  if (stat.isDirectory())
    return `the program ${program} is a folder, not a program: give the server program inside it`;
  if (!stat.isFile()) return `the program ${program} is not a file: give the server program itself`;
  if (platform !== 'win32' && !isExecutable(file))
    return `the program ${program} is not executable: make it so (chmod +x ${program}) or give the right file`;
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const extensions =
    platform === 'win32' && path.extname(name) === ''
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)
      : [''];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      try {
        if (!fs.statSync(candidate).isFile()) continue;
      } catch {
        continue;
      }
      if (platform === 'win32' || isExecutable(candidate)) return candidate;
    }
  }
  return null;
}
