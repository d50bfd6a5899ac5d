/**
 * Supertonic voice styles: one JSON file per voice (`voice_styles/M1.json` … `F5.json` as published, or a
 * Voice Builder export), `{"style_ttl": {"dims": [1, 50, 256], "data": …}, "style_dp": {"dims": [1, 8, 16],
 * "data": …}}` with data nested or flat (supertone-inc/supertonic `py/helper.py`, `load_voice_style`).
 * `style_ttl` conditions the text encoder and the vector estimator, `style_dp` the duration predictor.
 */

export interface StyleTensor {
  dims: number[];
  data: Float32Array;
}

export interface SupertonicVoiceStyle {
  id: string;
  ttl: StyleTensor;
  dp: StyleTensor;
}

export class SupertonicVoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SupertonicVoiceError';
  }
}

export function parseSupertonicVoice(
  id: string,
  text: string,
  fileName = `${id}.json`,
): SupertonicVoiceStyle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SupertonicVoiceError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const root = (json ?? {}) as Record<string, unknown>;
  return {
    id,
    ttl: tensor(root.style_ttl, 'style_ttl', fileName),
    dp: tensor(root.style_dp, 'style_dp', fileName),
  };
}

function tensor(value: unknown, name: string, fileName: string): StyleTensor {
  const entry = (value ?? {}) as { dims?: unknown; data?: unknown };
  const dims = entry.dims;
  if (
    !Array.isArray(dims) ||
    dims.length !== 3 ||
    dims[0] !== 1 ||
    !dims.every((dim) => Number.isInteger(dim) && (dim as number) > 0)
  ) {
    throw new SupertonicVoiceError(
      `${fileName}: ${name}.dims is ${JSON.stringify(dims)}, expected [1, rows, columns] (e.g. [1, 50, 256])`,
    );
  }
  const flat = Array.isArray(entry.data) ? (entry.data as unknown[]).flat(Infinity) : [];
  const count = (dims as number[]).reduce((a, b) => a * b, 1);
  if (flat.length !== count) {
    throw new SupertonicVoiceError(
      `${fileName}: ${name} has ${flat.length} values, its dims [${dims.join(', ')}] need ${count}`,
    );
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const number = flat[i];
    if (typeof number !== 'number' || !Number.isFinite(number))
      throw new SupertonicVoiceError(
        `${fileName}: ${name} value ${i} is ${String(number)}, not a finite number`,
      );
    data[i] = number;
  }
  return { dims: dims as number[], data };
}

/** `M1`, `F3`: gender from the published names' first letter. */
export function supertonicGender(style: string): 'female' | 'male' | undefined {
  if (/^F\d+$/u.test(style)) return 'female';
  if (/^M\d+$/u.test(style)) return 'male';
  return undefined;
}
