/**
 * Which onnxruntime execution providers this installation can use: the CPU always; CUDA where the
 * onnxruntime-node CUDA add-on library sits next to its binding (installed by `npm run cuda:install`);
 * DirectML on Windows, where onnxruntime-node ships DirectML.dll.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface ProviderAvailability {
  id: 'cpu' | 'cuda' | 'dml';
  available: boolean;
  detail: string;
}

export interface DetectProvidersOptions {
  platform?: NodeJS.Platform;
  arch?: string;
  /** onnxruntime-node's package folder; default: resolved from node_modules. */
  onnxruntimeDir?: string | null;
  /** Whether an NVIDIA GPU was seen (CUDA needs one). undefined: not known. */
  nvidiaGpu?: boolean;
  isFile?: (file: string) => boolean;
}

export function onnxruntimeNodeDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    return path.dirname(path.dirname(require.resolve('onnxruntime-node')));
  } catch {
    return null;
  }
}

export function detectExecutionProviders(options: DetectProvidersOptions = {}): ProviderAvailability[] {
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const isFile = options.isFile ?? ((file: string) => fs.existsSync(file));
  const ortDir = options.onnxruntimeDir === undefined ? onnxruntimeNodeDir() : options.onnxruntimeDir;
  const binDir = ortDir ? path.join(ortDir, 'bin', 'napi-v6', platform, arch) : null;

  const providers: ProviderAvailability[] = [];
  const binding = binDir ? path.join(binDir, 'onnxruntime_binding.node') : null;
  providers.push(
    binding && isFile(binding)
      ? { id: 'cpu', available: true, detail: `onnxruntime-node (${platform}-${arch})` }
      : {
          id: 'cpu',
          available: true,
          detail: 'espeak-ng (WASM) only: onnxruntime-node has no binary for this platform',
        },
  );

  const cudaLibrary =
    platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
  if (platform !== 'linux' && platform !== 'win32') {
    providers.push({ id: 'cuda', available: false, detail: 'CUDA is supported on Linux and Windows only' });
  } else if (!binDir || !isFile(path.join(binDir, cudaLibrary))) {
    // The add-on is a large download that helps only with an NVIDIA GPU: suggested only where one is seen.
    providers.push({
      id: 'cuda',
      available: false,
      detail:
        options.nvidiaGpu === true
          ? `the onnxruntime-node CUDA add-on (${cudaLibrary}) is not installed: run "npm run cuda:install"`
          : 'no NVIDIA GPU was found, so CUDA is not used (nothing to install: the CPU renders)',
    });
  } else if (options.nvidiaGpu === false) {
    providers.push({
      id: 'cuda',
      available: false,
      detail: 'the CUDA add-on is installed, but no NVIDIA GPU was found',
    });
  } else {
    providers.push({
      id: 'cuda',
      available: true,
      detail: `CUDA add-on installed (${cudaLibrary}); the CUDA 12 runtime is checked when a model loads`,
    });
  }

  if (platform !== 'win32') {
    providers.push({ id: 'dml', available: false, detail: 'DirectML is Windows only' });
  } else if (binDir && isFile(path.join(binDir, 'DirectML.dll'))) {
    providers.push({ id: 'dml', available: true, detail: 'DirectML.dll ships with onnxruntime-node' });
  } else {
    providers.push({ id: 'dml', available: false, detail: 'DirectML.dll is missing from onnxruntime-node' });
  }
  return providers;
}
