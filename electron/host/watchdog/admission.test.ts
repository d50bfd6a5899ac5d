import { describe, expect, it } from 'vitest';
import type { MemoryView } from './admission';
import { Admission } from './admission';
import { EstimateStore } from './estimates';
import type { ModelFigures } from './estimates';
import { GIB, MIB } from './units';

function admissionWith(memory: MemoryView, estimates = EstimateStore.inMemory(), committedGpuBytes = 0) {
  return new Admission({ memory: () => memory, estimates, committedGpuBytes: () => committedGpuBytes });
}

const ram16 = { totalBytes: 16 * GIB, freeBytes: 10 * GIB };
const gpu8 = (freeBytes: number | null) => ({ name: 'NVIDIA RTX 3070', totalBytes: 8 * GIB, freeBytes });

describe('Admission', () => {
  const estimates = EstimateStore.inMemory();
  const figures: ModelFigures = {
    modelId: 'big-model',
    provider: 'cuda',
    manifestBytes: 3 * GIB,
    manifestPerCharBytes: 1 * MIB,
  };

  it('compares with free GPU memory minus a reserve of max(512 MiB, 10 %)', () => {
    // 4 GiB free − 819 MiB reserve = 3.2 GiB available: a 3 GiB model fits.
    const admission = admissionWith({ ram: ram16, gpu: gpu8(4 * GIB) });
    const decision = admission.admitModelLoad(estimates.modelLoadEstimate(figures));
    expect(decision).toMatchObject({
      admitted: true,
      resource: 'gpu',
      basis: 'free',
      reserveBytes: Math.round(0.8 * GIB),
    });

    const tight = admissionWith({ ram: ram16, gpu: gpu8(3.5 * GIB) }).admitModelLoad(
      estimates.modelLoadEstimate(figures),
    );
    expect(tight.admitted).toBe(false);
    if (tight.admitted) return;
    expect(tight.reason).toBe(
      'Loading big-model on the GPU (CUDA) needs about 3.0 GiB, but only 2.7 GiB of GPU memory is free after keeping 819 MiB in reserve.',
    );
    expect(tight.suggestion).toBe(
      'Close other programs that use the GPU or unload other models to free 307 MiB, or render on the CPU (8.4 GiB of RAM is available).',
    );
  });

  it('uses RAM for the CPU provider, with the 512 MiB floor on small machines', () => {
    const admission = admissionWith({ ram: { totalBytes: 4 * GIB, freeBytes: 1 * GIB }, gpu: null });
    expect(admission.availability('cpu')).toMatchObject({
      resource: 'ram',
      reserveBytes: 512 * MIB,
      availableBytes: 512 * MIB,
    });
    const cpu = { ...figures, provider: 'cpu' as const, manifestBytes: 600 * MIB };
    const decision = admission.admitModelLoad(estimates.modelLoadEstimate(cpu));
    expect(decision).toMatchObject({ admitted: false, resource: 'ram' });
    if (!decision.admitted)
      expect(decision.suggestion).toBe('Close other programs or unload other models to free 88 MiB of RAM.');
  });

  it('works from the total less our own models where free VRAM cannot be read, and says so', () => {
    const admission = admissionWith({ ram: ram16, gpu: gpu8(null) }, estimates, 4.5 * GIB);
    const decision = admission.admitModelLoad(estimates.modelLoadEstimate(figures));
    expect(decision).toMatchObject({
      admitted: false,
      basis: 'total',
      availableBytes: 8 * GIB - 4.5 * GIB - Math.round(0.8 * GIB),
    });
    if (!decision.admitted) expect(decision.reason).toMatch(/free GPU memory cannot be read here/);
    expect(
      admissionWith({ ram: ram16, gpu: gpu8(null) }).admitModelLoad(estimates.modelLoadEstimate(figures))
        .admitted,
    ).toBe(true);
  });

  it('does not hold back a GPU load when no GPU is known at all', () => {
    const decision = admissionWith({ ram: ram16, gpu: null }).admitModelLoad(
      estimates.modelLoadEstimate(figures),
    );
    expect(decision).toMatchObject({ admitted: true, basis: 'unknown', availableBytes: null });
  });

  it('admits a chunk against what is left, and suggests a chunk size that fits', () => {
    const admission = admissionWith({ ram: ram16, gpu: gpu8(1.5 * GIB) });
    // 1.5 GiB − 819.2 MiB = 716.8 MiB available; 1 MiB per character.
    expect(admission.admitChunk(estimates.chunkEstimate(figures, 500)).admitted).toBe(true);
    const decision = admission.admitChunk(estimates.chunkEstimate(figures, 1000));
    expect(decision.admitted).toBe(false);
    if (decision.admitted) return;
    expect(decision.reason).toBe(
      'A chunk of 1000 characters with big-model needs about 1000 MiB more, but only 717 MiB of GPU memory is free after keeping 819 MiB in reserve.',
    );
    expect(decision.suggestion).toMatch(
      /^Render it in chunks of at most 716 characters, or close other programs/,
    );
  });
});

describe('planRender', () => {
  const kokoroOnGpu = {
    modelId: 'kokoro',
    provider: 'cuda' as const,
    manifestBytes: 500 * MIB,
    manifestPerCharBytes: 1 * MIB,
    manifestCharsPerSecond: 10,
  };

  it('reports peak memory and minutes for a script that fits', () => {
    const admission = admissionWith({ ram: ram16, gpu: gpu8(6 * GIB) });
    const plan = admission.planRender({
      chunks: [120, 300, { chars: 180 }],
      model: kokoroOnGpu,
    });
    expect(plan).toMatchObject({
      fits: true,
      resource: 'gpu',
      chunkCount: 3,
      totalChars: 600,
      largestChunkChars: 300,
      modelBytes: 500 * MIB,
      largestChunkBytes: 300 * MIB,
      peakBytes: 800 * MIB,
      estimatedMinutes: 1,
      speedBasis: 'manifest',
      changes: [],
    });
    expect(plan.summary).toBe(
      'Fits: 3 chunks of up to 300 characters need about 800 MiB at peak on the GPU (CUDA) (5.2 GiB of GPU memory is free after keeping 819 MiB in reserve); about 1.0 minutes (a rough guess until a render has been measured on this machine).',
    );
  });

  it('speaks of one chunk in the singular', () => {
    const admission = admissionWith({ ram: ram16, gpu: gpu8(6 * GIB) });
    const plan = admission.planRender({
      chunks: [3],
      model: kokoroOnGpu,
    });
    expect(plan.summary).toMatch(/^Fits: 1 chunk of 3 characters needs about /);
  });

  it('explains up front why a script cannot fit and what to change', () => {
    // 2.5 GiB free on the GPU − 819 MiB = 1.7 GiB; model 1 GiB; 2 MiB per character.
    const admission = admissionWith({ ram: ram16, gpu: gpu8(2.5 * GIB) });
    const plan = admission.planRender({
      chunks: [200, 1200, 400],
      model: { modelId: 'vibe', provider: 'cuda', manifestBytes: 1 * GIB, manifestPerCharBytes: 2 * MIB },
    });
    expect(plan.fits).toBe(false);
    expect(plan.peakBytes).toBe(1 * GIB + 2400 * MIB);
    expect(plan.summary).toBe(
      'Will not fit on the GPU (CUDA): vibe (1.0 GiB) with its largest chunk (1200 characters) needs about 3.3 GiB, but only 1.7 GiB of GPU memory is free after keeping 819 MiB in reserve.',
    );
    expect(plan.changes.map((change) => change.kind)).toEqual(['smaller-chunks', 'use-cpu', 'free-memory']);
    const smaller = plan.changes[0];
    expect(smaller).toMatchObject({ kind: 'smaller-chunks', maxChunkChars: 358 });
    expect(plan.changes[1]!.text).toMatch(
      /^Render on the CPU: it fits in RAM \(about 3\.3 GiB needed\), and takes about /,
    );
    expect(plan.changes[2]).toMatchObject({
      kind: 'free-memory',
      bytesToFree: 1 * GIB + 2400 * MIB - (2.5 * GIB - Math.round(0.8 * GIB)),
    });
  });

  it('suggests a smaller model when even the model alone cannot fit anywhere', () => {
    const admission = admissionWith({ ram: { totalBytes: 8 * GIB, freeBytes: 2 * GIB }, gpu: gpu8(1 * GIB) });
    const plan = admission.planRender({
      chunks: [100],
      model: { modelId: 'huge', provider: 'cuda', manifestBytes: 12 * GIB },
    });
    expect(plan.fits).toBe(false);
    expect(plan.changes.map((change) => change.kind)).toEqual(['smaller-model']);
    expect(plan.changes[0]!.text).toBe('Choose a smaller model: huge alone needs about 12.0 GiB.');
  });

  it('counts only the chunks when the model is already loaded', () => {
    const admission = admissionWith({ ram: ram16, gpu: gpu8(1.2 * GIB) });
    const plan = admission.planRender({
      chunks: [100, 200],
      model: {
        modelId: 'kokoro',
        provider: 'cuda',
        manifestBytes: 3 * GIB,
        manifestPerCharBytes: 1 * MIB,
        loaded: true,
      },
    });
    expect(plan).toMatchObject({ fits: true, modelBytes: 0, peakBytes: 200 * MIB });
  });
});
