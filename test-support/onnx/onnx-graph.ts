/**
 * A small builder for ONNX graphs on top of onnx-proto (protobufjs), enough to write the test models:
 * typed graph inputs/outputs, constant initializers and nodes with int/ints/float attributes.
 */
import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';

type Onnx = typeof OnnxNamespace;
// onnx-proto is CommonJS with an assigned namespace object, which Node's named ESM imports cannot see.
const { onnx } = createRequire(import.meta.url)('onnx-proto') as { onnx: Onnx };

export type ElemType = 'float32' | 'int32' | 'int64' | 'bool';

const DATA_TYPE: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

export type Attribute = number | number[] | { float: number };

export class OnnxGraphBuilder {
  private readonly nodes: OnnxNamespace.INodeProto[] = [];
  private readonly inputs: OnnxNamespace.IValueInfoProto[] = [];
  private readonly outputs: OnnxNamespace.IValueInfoProto[] = [];
  private readonly initializers: OnnxNamespace.ITensorProto[] = [];
  private counter = 0;

  constructor(
    private readonly name: string,
    private readonly opset = 13,
  ) {}

  input(name: string, type: ElemType, shape: Array<number | string>): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  output(name: string, type: ElemType, shape: Array<number | string>): void {
    this.outputs.push(valueInfo(name, type, shape));
  }

  /** A constant tensor (graph initializer); returns its name. */
  constant(type: ElemType, dims: number[], values: ArrayLike<number>, name = this.fresh('const')): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== values.length)
      throw new Error(`constant ${name}: ${values.length} values for dims [${dims}]`);
    let raw: Uint8Array;
    if (type === 'float32') raw = new Uint8Array(Float32Array.from(values).buffer);
    else if (type === 'int32') raw = new Uint8Array(Int32Array.from(values).buffer);
    else if (type === 'bool') raw = Uint8Array.from(values, (v) => (v ? 1 : 0));
    else raw = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
    this.initializers.push({ name, dims, dataType: DATA_TYPE[type], rawData: raw });
    return name;
  }

  /** A scalar constant (rank 0). */
  scalar(type: ElemType, value: number): string {
    return this.constant(type, [], [value]);
  }

  /** Adds a node and returns its (first) output name. */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, Attribute> = {},
    output = this.fresh(opType),
  ): string {
    this.nodes.push({
      opType,
      name: this.fresh(`${opType}_node`),
      input: inputs,
      output: [output],
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return output;
  }

  /** Serialised ModelProto bytes. */
  build(): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'roundtable-test-support',
      opsetImport: [{ domain: '', version: this.opset }],
      graph: {
        name: this.name,
        node: this.nodes,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private fresh(prefix: string): string {
    this.counter += 1;
    return `${prefix}_${this.counter}`;
  }
}

function valueInfo(
  name: string,
  type: ElemType,
  shape: Array<number | string>,
): OnnxNamespace.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[type],
        shape: { dim: shape.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}

function attribute(name: string, value: Attribute): OnnxNamespace.IAttributeProto {
  const types = onnx.AttributeProto.AttributeType;
  if (Array.isArray(value)) return { name, type: types.INTS, ints: value };
  if (typeof value === 'number') return { name, type: types.INT, i: value };
  return { name, type: types.FLOAT, f: value.float };
}
