import { describe, expect, it } from 'vitest';
import { encodeOnnxModel, attribute, type OnnxModel } from './onnx-writer.js';
import { loadOnnxRuntime } from './onnx-runtime.js';

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

/** y = Identity(x), x and y float [N]. */
const identity: OnnxModel = {
  graph: {
    name: 'g',
    nodes: [{ opType: 'Identity', inputs: ['x'], outputs: ['y'] }],
    inputs: [{ name: 'x', type: 'float', shape: ['N'] }],
    outputs: [{ name: 'y', type: 'float', shape: ['N'] }],
  },
};

/** ValueInfoProto of a float [N] tensor named `name` (one ASCII character). */
const valueInfo = (name: string) => [
  ...[0x0a, 0x01, ...ascii(name)], // name = 1
  ...[0x12, 0x0b], // type = 2 (TypeProto)
  ...[0x0a, 0x09], //   tensor_type = 1 (TypeProto.Tensor)
  ...[0x08, 0x01], //     elem_type = 1: FLOAT
  ...[0x12, 0x05], //     shape = 2 (TensorShapeProto)
  ...[0x0a, 0x03], //       dim = 1 (Dimension)
  ...[0x12, 0x01, ...ascii('N')], //   dim_param = 2
];

describe('encodeOnnxModel', () => {
  it('writes ModelProto fields with the onnx.proto field numbers, byte for byte', () => {
    const node = [
      ...[0x0a, 0x01, ...ascii('x')], // input = 1
      ...[0x12, 0x01, ...ascii('y')], // output = 2
      ...[0x22, 0x08, ...ascii('Identity')], // op_type = 4
    ];
    const graph = [
      ...[0x0a, node.length, ...node], // node = 1
      ...[0x12, 0x01, ...ascii('g')], // name = 2
      ...[0x5a, valueInfo('x').length, ...valueInfo('x')], // input = 11
      ...[0x62, valueInfo('y').length, ...valueInfo('y')], // output = 12
    ];
    const expected = [
      ...[0x08, 0x08], // ir_version = 1: 8
      ...[0x12, 0x06, ...ascii('verity')], // producer_name = 2
      ...[0x3a, graph.length, ...graph], // graph = 7
      ...[0x42, 0x04, 0x0a, 0x00, 0x10, 0x11], // opset_import = 8: domain '' version 17
    ];
    expect(Array.from(encodeOnnxModel(identity))).toEqual(expected);
  });

  it('encodes initializers and attributes with their TensorProto/AttributeProto fields', () => {
    const bytes = encodeOnnxModel({
      graph: {
        name: 'g',
        nodes: [
          {
            opType: 'Concat',
            inputs: ['x', 'c'],
            outputs: ['y'],
            attributes: { axis: attribute.int(-1) },
          },
        ],
        initializers: [{ name: 'c', type: 'float', dims: [1], values: [0.5] }],
        inputs: [{ name: 'x', type: 'float', shape: [1] }],
        outputs: [{ name: 'y', type: 'float', shape: [2] }],
      },
    });
    const hex = Buffer.from(bytes).toString('hex');
    // AttributeProto: name = 1 'axis', type = 20: INT (2), i = 3: -1 as ten varint bytes.
    expect(hex).toContain('0a0461786973a00102' + '18' + 'ff'.repeat(9) + '01');
    // TensorProto: dims = 1: [1], data_type = 2: FLOAT, float_data = 4 packed [0.5], name = 8 'c'.
    expect(hex).toContain('0801' + '1001' + '22040000003f' + '420163');
  });

  it('imports ai.onnx.ml version 3 only when a node uses that domain', () => {
    const plain = Buffer.from(encodeOnnxModel(identity)).toString('hex');
    expect(plain).not.toContain(Buffer.from('ai.onnx.ml').toString('hex'));
    const ml = encodeOnnxModel({
      graph: {
        ...identity.graph,
        nodes: [{ opType: 'Normalizer', domain: 'ai.onnx.ml', inputs: ['x'], outputs: ['y'] }],
      },
    });
    // OperatorSetIdProto: domain = 1 'ai.onnx.ml', version = 2: 3.
    const opset = '0a0a' + Buffer.from('ai.onnx.ml').toString('hex') + '1003';
    expect(
      Buffer.from(ml)
        .toString('hex')
        .endsWith('420e' + opset),
    ).toBe(true);
  });

  it('produces a model onnxruntime loads and runs', async () => {
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(encodeOnnxModel(identity));
    try {
      const x = new ort.Tensor('float32', Float32Array.from([1.25, -3]), [2]);
      const { y } = await session.run({ x });
      expect(Array.from(y?.data as Float32Array)).toEqual([1.25, -3]);
    } finally {
      await session.release();
    }
  });
});
