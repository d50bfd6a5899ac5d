import { describe, expect, it } from 'vitest';
import { locateNvidiaSmi } from './nvidia-smi-locate';

describe('locateNvidiaSmi', () => {
  it('prefers ROUNDTABLE_NVIDIA_SMI, and refuses an override that is not a file', () => {
    const isFile = (file: string) => file === '/opt/fake/nvidia-smi' || file === '/usr/bin/nvidia-smi';
    const env = { ROUNDTABLE_NVIDIA_SMI: '/opt/fake/nvidia-smi', PATH: '/usr/bin' };
    expect(locateNvidiaSmi({ env, platform: 'linux', isFile })).toMatchObject({
      file: '/opt/fake/nvidia-smi',
      source: 'env',
    });
    expect(
      locateNvidiaSmi({ env: { ...env, ROUNDTABLE_NVIDIA_SMI: '/nope' }, platform: 'linux', isFile }),
    ).toBeNull();
  });

  it('runs a .mjs override under this Node', () => {
    const command = locateNvidiaSmi({
      env: { ROUNDTABLE_NVIDIA_SMI: '/t/fake.mjs' },
      platform: 'linux',
      isFile: () => true,
    });
    expect(command).toMatchObject({
      file: process.execPath,
      prefixArgs: ['/t/fake.mjs'],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it('searches PATH', () => {
    const command = locateNvidiaSmi({
      env: { PATH: '/a:/usr/bin:/b' },
      platform: 'linux',
      isFile: (file) => file === '/usr/bin/nvidia-smi',
    });
    expect(command).toMatchObject({ file: '/usr/bin/nvidia-smi', source: 'path', shell: false });
  });

  it('falls back to the driver folders on Windows', () => {
    const expected = 'C:\\Program Files\\NVIDIA Corporation\\NVSMI\\nvidia-smi.exe';
    const command = locateNvidiaSmi({
      env: { Path: 'C:\\Tools' },
      platform: 'win32',
      isFile: (file) => file === expected,
    });
    expect(command).toMatchObject({ file: expected, source: 'windows-default' });
    expect(locateNvidiaSmi({ env: { Path: '' }, platform: 'win32', isFile: () => false })).toBeNull();
  });

  it('starts .cmd shims through the shell on Windows', () => {
    const command = locateNvidiaSmi({
      env: { ROUNDTABLE_NVIDIA_SMI: 'C:\\t\\nvidia-smi.cmd' },
      platform: 'win32',
      isFile: () => true,
    });
    expect(command?.shell).toBe(true);
  });
});
