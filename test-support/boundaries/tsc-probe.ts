/**
 * Type-checks a probe project as `tsc -p` would: a few one-import files compiled with a real project's
 * settings (`extends` its tsconfig, so its lib, types and `paths` bans) and the same project references, so
 * each import is judged exactly as it would be inside that project. Only the file list differs, and a
 * probe file's import target is outside it either way. Probes live under .tsbuild/ (ignored by git), where
 * node_modules resolves as for the real projects. The compiler runs in this process and keeps the parsed
 * library files between probes (a fresh `tsc` per project parsed lib.dom and @types/node each time).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A probe file: its name and the module it imports. */
export interface ProbeImport {
  name: string;
  /** A bare specifier, or a path relative to the repository root starting with `./`. */
  specifier: string;
}

export interface ProbeResult {
  /** Every diagnostic, formatted as tsc prints them (paths relative to the repository root). */
  output: string;
  /** The diagnostics in one probe file. */
  errorsOf(name: string): string[];
}

const parsedFiles = new Map<string, ts.SourceFile>();

/** A compiler host that parses each declaration file once (the probes' own files are always read anew). */
function cachingHost(options: ts.CompilerOptions, probeDir: string): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    if (!fileName.endsWith('.d.ts') || fileName.startsWith(probeDir)) {
      return getSourceFile(fileName, languageVersion, onError, shouldCreate);
    }
    const key = `${JSON.stringify(languageVersion)}:${fileName}`;
    let file = parsedFiles.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file) parsedFiles.set(key, file);
    }
    return file;
  };
  return host;
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => REPO_ROOT,
  getNewLine: () => '\n',
};

/** Type-checks one file per import with the settings and references of the project at `tsconfigPath`. */
export function probeImports(tsconfigPath: string, imports: ProbeImport[]): ProbeResult {
  const real = path.join(REPO_ROOT, tsconfigPath);
  const dir = path.join(REPO_ROOT, '.tsbuild', `probe-${process.pid}-${randomBytes(6).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  try {
    const realConfig = ts.readConfigFile(real, ts.sys.readFile).config as {
      references?: Array<{ path: string }>;
    };
    const references = (realConfig.references ?? []).map((reference) => ({
      path: path.resolve(path.dirname(real), reference.path),
    }));
    for (const probe of imports) {
      const target = probe.specifier.startsWith('./')
        ? path.relative(dir, path.join(REPO_ROOT, probe.specifier)).split(path.sep).join('/')
        : probe.specifier;
      fs.writeFileSync(
        path.join(dir, `${probe.name}.ts`),
        `import * as probe from '${target}';\nexport const used = probe;\n`,
      );
    }
    const configPath = path.join(dir, 'tsconfig.json');
    fs.writeFileSync(
      configPath,
      JSON.stringify({
        extends: real,
        compilerOptions: { rootDir: REPO_ROOT, outDir: path.join(dir, 'out') },
        files: imports.map((probe) => `${probe.name}.ts`),
        references,
      }),
    );
    const config = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.formatDiagnostic(diagnostic, formatHost));
        },
      },
    );
    if (!config) throw new Error(`could not read ${configPath}`);
    const program = ts.createProgram({
      rootNames: config.fileNames,
      options: config.options,
      projectReferences: config.projectReferences,
      host: cachingHost(config.options, dir),
      configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
    });
    // What tsc reports before emitting, for the probe files: the program's own diagnostics (a file outside
    // the project's list is one of them, located at the import) and each probe file's syntax, types and
    // declarations. The files a probe pulls in are not checked here: `tsc -b` checks them in their own
    // project, and type-checking them again (a whole renderer behind one import) was most of this test's time.
    const probeFiles = program
      .getSourceFiles()
      .filter((file) => path.resolve(file.fileName).startsWith(dir + path.sep));
    const diagnostics = [
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...probeFiles.flatMap((file) => [
        ...program.getSyntacticDiagnostics(file),
        ...program.getSemanticDiagnostics(file),
        ...program.getDeclarationDiagnostics(file),
      ]),
    ];
    const output = ts.formatDiagnostics(diagnostics, formatHost);
    const lines = output.split('\n');
    const prefix = path.relative(REPO_ROOT, dir);
    return {
      output,
      errorsOf: (name) => lines.filter((line) => line.startsWith(`${prefix}/${name}.ts(`)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
