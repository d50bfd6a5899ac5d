/**
 * Tensors as plain data, so they cross the worker_thread boundary by transfer (no copy) and engines never
 * touch onnxruntime objects directly.
 */

export type TensorElementType = 'float32' | 'int32' | 'int64';

export type TensorData = Float32Array | Int32Array | BigInt64Array;

export interface TensorPayload {
  type: TensorElementType;
  data: TensorData;
  dims: number[];
}

/** Name, element type and shape of a model input or output as onnxruntime reports it. */
export interface ValueInfo {
  name: string;
  /** Element type (`float32`, `int64`, ...), or `non-tensor` for sequences and maps. */
  type: string;
  /** Dimensions: numbers where fixed, symbolic names (or `?`) where dynamic. */
  shape: Array<number | string>;
}

export function int64Tensor(values: readonly number[], dims: number[] = [values.length]): TensorPayload {
  const data = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i] ?? 0);
  return { type: 'int64', data, dims };
}

export function float32Tensor(values: ArrayLike<number>, dims: number[] = [values.length]): TensorPayload {
  return { type: 'float32', data: Float32Array.from(values), dims };
}

/** A one-element tensor of the element type a model declares for a scalar input (speed, sid). */
export function numberTensor(value: number, type: string, dims: number[] = [1]): TensorPayload {
  switch (type) {
    case 'float32':
      return { type: 'float32', data: Float32Array.of(value), dims };
    case 'int32':
      return { type: 'int32', data: Int32Array.of(Math.round(value)), dims };
    case 'int64':
      return { type: 'int64', data: BigInt64Array.of(BigInt(Math.round(value))), dims };
    default:
      throw new Error(`unsupported element type "${type}" for a numeric input`);
  }
}

/** Ids as the integer type a model declares for its token input (int64 in every known export, int32 seen too). */
export function idsTensor(ids: readonly number[], type: string): TensorPayload {
  if (type === 'int32') return { type: 'int32', data: Int32Array.from(ids), dims: [1, ids.length] };
  if (type === 'int64') return int64Tensor(ids, [1, ids.length]);
  throw new Error(`unsupported element type "${type}" for token ids`);
}

/** The audio samples of an output tensor as float32, whatever its shape ([N], [1,N], [1,1,1,N]). */
export function audioSamples(tensor: TensorPayload): Float32Array {
  if (tensor.type !== 'float32') throw new Error(`audio output is ${tensor.type}, expected float32`);
  return tensor.data as Float32Array;
}

export function transferListOf(tensors: Iterable<TensorPayload>): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const tensor of tensors) {
    const buffer = tensor.data.buffer;
    if (buffer instanceof ArrayBuffer && !buffers.includes(buffer)) buffers.push(buffer);
  }
  return buffers;
}
