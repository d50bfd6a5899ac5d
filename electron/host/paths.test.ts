import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPaths, resolveDataDir } from './paths';

describe('resolveDataDir', () => {
  it('lets ROUNDTABLE_DATA_DIR override every platform', () => {
    const env = {
      ROUNDTABLE_DATA_DIR: '/srv/rt',
      APPDATA: 'C:\\Users\\a\\AppData\\Roaming',
      HOME: '/home/a',
    };
    expect(resolveDataDir(env, 'linux', '/home/a')).toBe('/srv/rt');
    expect(resolveDataDir(env, 'darwin', '/Users/a')).toBe('/srv/rt');
    expect(resolveDataDir({ ROUNDTABLE_DATA_DIR: 'D:\\portable\\data' }, 'win32', 'C:\\Users\\a')).toBe(
      'D:\\portable\\data',
    );
  });

  it('resolves a relative override against the current folder', () => {
    expect(resolveDataDir({ ROUNDTABLE_DATA_DIR: 'rel/data' }, 'linux', '/home/a')).toBe(
      path.posix.resolve('rel/data'),
    );
  });

  it('ignores an empty override', () => {
    expect(resolveDataDir({ ROUNDTABLE_DATA_DIR: '  ', HOME: '/home/a' }, 'linux', '/x')).toBe(
      '/home/a/.local/share/roundtable-studio',
    );
  });

  it('uses %APPDATA% on Windows, with a fallback under the profile', () => {
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\Ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\Ann')).toBe(
      'C:\\Users\\Ann\\AppData\\Roaming\\Roundtable Studio',
    );
    expect(resolveDataDir({}, 'win32', 'C:\\Users\\Bob')).toBe(
      'C:\\Users\\Bob\\AppData\\Roaming\\Roundtable Studio',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(resolveDataDir({ HOME: '/Users/ann' }, 'darwin', '/ignored')).toBe(
      '/Users/ann/Library/Application Support/Roundtable Studio',
    );
    expect(resolveDataDir({}, 'darwin', '/Users/bob')).toBe(
      '/Users/bob/Library/Application Support/Roundtable Studio',
    );
  });

  it('uses $XDG_DATA_HOME on Linux only when it is absolute', () => {
    expect(resolveDataDir({ XDG_DATA_HOME: '/data/xdg', HOME: '/home/a' }, 'linux', '/x')).toBe(
      '/data/xdg/roundtable-studio',
    );
    expect(resolveDataDir({ XDG_DATA_HOME: 'relative', HOME: '/home/a' }, 'linux', '/x')).toBe(
      '/home/a/.local/share/roundtable-studio',
    );
    expect(resolveDataDir({}, 'freebsd', '/home/c')).toBe('/home/c/.local/share/roundtable-studio');
  });

  it('defaults to the real process environment', () => {
    expect(path.isAbsolute(resolveDataDir())).toBe(true);
  });
});

describe('dataPaths', () => {
  it('puts models, the take cache, projects, calibration and recent list under the data folder', () => {
    expect(dataPaths('/d', 'linux')).toEqual({
      dataDir: '/d',
      modelsDir: '/d/models',
      takeCacheDir: '/d/cache/takes',
      bedCacheDir: '/d/cache/beds',
      projectsDir: '/d/projects',
      calibrationFile: '/d/calibration.json',
      exportSpeedsFile: '/d/export-speeds.json',
      recentProjectsFile: '/d/recent.json',
      favouriteVoicesFile: '/d/voice-favourites.json',
      gpuInventoryFile: '/d/gpu-inventory.json',
    });
    expect(dataPaths('C:\\d', 'win32').takeCacheDir).toBe('C:\\d\\cache\\takes');
  });
});
