/**
 * A typed graph description encoded as an ONNX `ModelProto`, with no dependency. Field numbers
 * are those of onnx/onnx.proto (identical in onnx.proto3); each message below cites them. Only
 * what Verity's model builders need is supported: float and int64 tensors, the six scalar and
 * list attribute kinds, tensor value infos with fixed or symbolic dimensions.
 */
import { ProtobufWriter } from './protobuf-writer.js';

/** IR version 8 (ONNX 1.10+): understood by every onnxruntime since 1.10. */
export const ONNX_IR_VERSION = 8;
/** Default version of the `ai.onnx` operator set (the empty domain). */
export const ONNX_DEFAULT_OPSET = 17;
/** Version of the `ai.onnx.ml` operator set, imported when a node uses that domain. */
export const ONNX_ML_OPSET = 3;
export const ONNX_ML_DOMAIN = 'ai.onnx.ml';

/** Element types this writer supports: TensorProto.DataType FLOAT = 1, INT64 = 7. */
export type OnnxElementType = 'float' | 'int64';
const DATA_TYPE: Record<OnnxElementType, number> = { float: 1, int64: 7 };

/** A constant tensor (graph initializer), row-major. */
export interface OnnxTensor {
  name: string;
  type: OnnxElementType;
  dims: readonly number[];
  values: ArrayLike<number>;
}

/** A graph input or output: element type and shape; a string dimension is symbolic ('N'). */
export interface OnnxValueInfo {
  name: string;
  type: OnnxElementType;
  shape: readonly (number | string)[];
}

/** An attribute value, tagged with its AttributeProto.AttributeType. */
export type OnnxAttribute =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'strings'; value: readonly string[] };

/** Shorthands for attribute values: `attribute.ints([0, 1])`. */
export const attribute = {
  float: (value: number): OnnxAttribute => ({ type: 'float', value }),
  int: (value: number): OnnxAttribute => ({ type: 'int', value }),
  string: (value: string): OnnxAttribute => ({ type: 'string', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ type: 'floats', value }),
  ints: (value: readonly number[]): OnnxAttribute => ({ type: 'ints', value }),
  strings: (value: readonly string[]): OnnxAttribute => ({ type: 'strings', value }),
};

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  /** Operator set domain; '' (the default) is `ai.onnx`. */
  domain?: string;
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

export interface OnnxGraph {
  name: string;
  /** Topologically sorted, as GraphProto requires. */
  nodes: readonly OnnxNode[];
  initializers?: readonly OnnxTensor[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
}

export interface OnnxOpset {
  domain: string;
  version: number;
}

export interface OnnxModel {
  graph: OnnxGraph;
  /** Defaults to `ai.onnx` 17, plus `ai.onnx.ml` 3 when a node uses that domain. */
  opsets?: readonly OnnxOpset[];
  producerName?: string;
  producerVersion?: string;
}

/** Encodes a model as the bytes of an ONNX `ModelProto` (a `.onnx` file). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const writer = new ProtobufWriter();
  // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, graph = 7,
  // opset_import = 8.
  writer.int64(1, ONNX_IR_VERSION);
  writer.string(2, model.producerName ?? 'verity');
  if (model.producerVersion !== undefined) writer.string(3, model.producerVersion);
  writer.message(7, (w) => writeGraph(w, model.graph));
  for (const opset of model.opsets ?? defaultOpsets(model.graph)) {
    // OperatorSetIdProto: domain = 1, version = 2.
    writer.message(8, (w) => w.string(1, opset.domain).int64(2, opset.version));
  }
  return writer.finish();
}

function defaultOpsets(graph: OnnxGraph): OnnxOpset[] {
  const opsets = [{ domain: '', version: ONNX_DEFAULT_OPSET }];
  if (graph.nodes.some((n) => n.domain === ONNX_ML_DOMAIN)) {
    opsets.push({ domain: ONNX_ML_DOMAIN, version: ONNX_ML_OPSET });
  }
  return opsets;
}

function writeGraph(writer: ProtobufWriter, graph: OnnxGraph): void {
  // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
  for (const node of graph.nodes) writer.message(1, (w) => writeNode(w, node));
  writer.string(2, graph.name);
  for (const tensor of graph.initializers ?? []) writer.message(5, (w) => writeTensor(w, tensor));
  for (const input of graph.inputs) writer.message(11, (w) => writeValueInfo(w, input));
  for (const output of graph.outputs) writer.message(12, (w) => writeValueInfo(w, output));
}

function writeNode(writer: ProtobufWriter, node: OnnxNode): void {
  // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5, domain = 7.
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  if (node.name !== undefined) writer.string(3, node.name);
  writer.string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    writer.message(5, (w) => writeAttribute(w, name, value));
  }
  if (node.domain !== undefined && node.domain !== '') writer.string(7, node.domain);
}

/** AttributeProto.AttributeType: FLOAT = 1, INT = 2, STRING = 3, FLOATS = 6, INTS = 7, STRINGS = 8. */
const ATTRIBUTE_TYPE: Record<OnnxAttribute['type'], number> = {
  float: 1,
  int: 2,
  string: 3,
  floats: 6,
  ints: 7,
  strings: 8,
};

function writeAttribute(writer: ProtobufWriter, name: string, attr: OnnxAttribute): void {
  // AttributeProto: name = 1, f = 2, i = 3, s = 4, floats = 7, ints = 8, strings = 9, type = 20.
  // The list fields are proto2 `repeated` without [packed = true], so one entry per value, as
  // the reference Python implementation writes them.
  writer.string(1, name);
  writer.int64(20, ATTRIBUTE_TYPE[attr.type]);
  switch (attr.type) {
    case 'float':
      writer.float(2, attr.value);
      break;
    case 'int':
      writer.int64(3, attr.value);
      break;
    case 'string':
      writer.string(4, attr.value);
      break;
    case 'floats':
      for (const v of attr.value) writer.float(7, v);
      break;
    case 'ints':
      for (const v of attr.value) writer.int64(8, v);
      break;
    case 'strings':
      for (const v of attr.value) writer.string(9, v);
      break;
  }
}

function writeTensor(writer: ProtobufWriter, tensor: OnnxTensor): void {
  // TensorProto: dims = 1, data_type = 2, float_data = 4 (packed), int64_data = 7 (packed),
  // name = 8. raw_data (9) is not used: the typed fields need no byte-order handling.
  for (const dim of tensor.dims) writer.int64(1, dim);
  writer.int64(2, DATA_TYPE[tensor.type]);
  if (tensor.type === 'float') writer.packedFloats(4, tensor.values);
  else writer.packedInt64s(7, Array.from(tensor.values));
  writer.string(8, tensor.name);
}

function writeValueInfo(writer: ProtobufWriter, info: OnnxValueInfo): void {
  // ValueInfoProto: name = 1, type = 2. TypeProto: tensor_type = 1. TypeProto.Tensor:
  // elem_type = 1, shape = 2. TensorShapeProto: dim = 1. Dimension: dim_value = 1, dim_param = 2.
  writer.string(1, info.name);
  writer.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int64(1, DATA_TYPE[info.type]);
      tensor.message(2, (shape) => {
        for (const dim of info.shape) {
          shape.message(1, (d) => (typeof dim === 'number' ? d.int64(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
}
