import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PackageFile } from './espeak-data-package';
import { coversExactly, LazyDataPackage, packageFilesOf } from './espeak-data-package';
import { EspeakWasm, espeakPackagePaths } from './espeak-wasm';
import { renderEspeak } from './testing/render-espeak';

const paths = espeakPackagePaths();
const moduleSource = fs.readFileSync(paths.module, 'utf8');
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-espeak-data-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** Voices without breath noise, so two instances give the same samples; one language each. */
const LINES = [
  { voice: 'en-us+m3', text: 'Welcome back to the show; today we have two guests.' },
  { voice: 'fr', text: "Bonjour à tous, et bienvenue dans l'émission." },
  { voice: 'de', text: 'Guten Abend, meine Damen und Herren.' },
  { voice: 'cmn', text: '欢迎收听本期节目。' },
];

describe("espeak-ng's data package, read as it is used", () => {
  it("lists the build's files from its loader: they tile the data file, dictionaries most of it", () => {
    const files = packageFilesOf(moduleSource);
    const size = fs.statSync(paths.data).size;
    expect(coversExactly(files, size)).toBe(true);
    const dictionaries = files.filter((file) => file.name.endsWith('_dict'));
    expect(dictionaries.map((file) => file.name)).toContain('/usr/share/espeak-ng-data/en_dict');
    const dictionaryBytes = dictionaries.reduce((sum, file) => sum + file.end - file.start, 0);
    expect(dictionaryBytes / size).toBeGreaterThan(0.9);
  });

  it('refuses a file list with a gap, an overlap or another size, and a data file it does not describe', () => {
    const at = (start: number, end: number): PackageFile => ({ name: `f${start}`, start, end });
    expect(coversExactly([at(0, 4), at(4, 10)], 10)).toBe(true);
    expect(coversExactly([at(0, 4), at(5, 10)], 10)).toBe(false);
    expect(coversExactly([at(0, 5), at(4, 10)], 10)).toBe(false);
    expect(coversExactly([at(0, 4), at(4, 10)], 11)).toBe(false);
    expect(coversExactly([], 0)).toBe(false);
    const truncated = path.join(temp, 'truncated.data');
    fs.writeFileSync(truncated, fs.readFileSync(paths.data).subarray(0, 1000));
    expect(LazyDataPackage.open(moduleSource, truncated)).toBeUndefined();
    expect(LazyDataPackage.open('no loader here', paths.data)).toBeUndefined();
    expect(LazyDataPackage.open(moduleSource, path.join(temp, 'missing.data'))).toBeUndefined();
  });

  it('renders every language sample for sample as the whole package does, reading only the dictionaries used', async () => {
    const lazy = LazyDataPackage.open(moduleSource, paths.data)!;
    const total = lazy.unreadDictionaries;
    const readAsUsed = await EspeakWasm.load(lazy);
    const whole = await EspeakWasm.load(null);
    // Loading reads no dictionary: a voice reads its own when it is first chosen.
    expect(total).toBeGreaterThan(100);
    expect(lazy.unreadDictionaries).toBe(total);
    for (const { voice, text } of LINES) {
      const expected = renderEspeak(whole, text, voice);
      expect(expected.length, voice).toBeGreaterThan(5000);
      expect(renderEspeak(readAsUsed, text, voice), voice).toEqual(expected);
    }
    // en, fr, de and cmn: four dictionaries read, the rest never.
    expect(lazy.unreadDictionaries).toBe(total - 4);
  });

  it('reads nothing itself when the data file cannot be read by path: the module reads the package whole', () => {
    const copy = path.join(temp, 'copy.data');
    fs.copyFileSync(paths.data, copy);
    const lazy = LazyDataPackage.open(moduleSource, copy)!;
    fs.rmSync(copy);
    expect(lazy.preloaded(fs.statSync(paths.data).size)).toBeUndefined();
    const opened: unknown[] = [];
    const fileSystem = { open: (file: unknown) => opened.push(file) };
    lazy.hook(fileSystem);
    fileSystem.open('/usr/share/espeak-ng-data/en_dict');
    expect(opened).toEqual(['/usr/share/espeak-ng-data/en_dict']);
    expect(lazy.unreadDictionaries).toBe(0);
  });
});
