import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { ProtobufWriter } from './protobuf-writer.js';

const bytes = (write: (w: ProtobufWriter) => void): number[] => {
  const writer = new ProtobufWriter();
  write(writer);
  return Array.from(writer.finish());
};

// Expected bytes follow the worked examples of https://protobuf.dev/programming-guides/encoding/.
describe('ProtobufWriter', () => {
  it('encodes varints little-endian in 7-bit groups (150 -> 96 01, 300 -> ac 02)', () => {
    expect(bytes((w) => w.int64(1, 150))).toEqual([0x08, 0x96, 0x01]);
    expect(bytes((w) => w.int64(2, 300))).toEqual([0x10, 0xac, 0x02]);
    expect(bytes((w) => w.int64(1, 0))).toEqual([0x08, 0x00]);
  });

  it('encodes negative int64 as ten bytes of two complement', () => {
    expect(bytes((w) => w.int64(1, -1))).toEqual([0x08, ...Array<number>(9).fill(0xff), 0x01]);
    expect(bytes((w) => w.int64(1, -2))).toEqual([
      0x08,
      0xfe,
      ...Array<number>(8).fill(0xff),
      0x01,
    ]);
  });

  it('encodes field numbers above 15 in a multi-byte tag (field 20 -> a0 01)', () => {
    expect(bytes((w) => w.int64(20, 7))).toEqual([0xa0, 0x01, 0x07]);
  });

  it('encodes floats as fixed32 little-endian float32', () => {
    expect(bytes((w) => w.float(2, 1.5))).toEqual([0x15, 0x00, 0x00, 0xc0, 0x3f]);
    expect(bytes((w) => w.float(2, -2))).toEqual([0x15, 0x00, 0x00, 0x00, 0xc0]);
  });

  it('length-prefixes UTF-8 strings and nested messages', () => {
    expect(bytes((w) => w.string(2, 'testing'))).toEqual([
      0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
    ]);
    expect(bytes((w) => w.string(1, 'é'))).toEqual([0x0a, 0x02, 0xc3, 0xa9]);
    expect(bytes((w) => w.message(3, (m) => m.int64(1, 150)))).toEqual([
      0x1a, 0x03, 0x08, 0x96, 0x01,
    ]);
  });

  it('packs repeated scalars into one length-delimited field', () => {
    expect(bytes((w) => w.packedInt64s(4, [3, 270, 86942]))).toEqual([
      0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05,
    ]);
    expect(bytes((w) => w.packedFloats(4, [1, 1.5]))).toEqual([
      0x22, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0xc0, 0x3f,
    ]);
  });

  it('grows past its initial buffer without losing bytes', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const encoded = bytes((w) => w.packedFloats(1, values));
    expect(encoded.length).toBe(3 + 4000);
    const view = new DataView(Uint8Array.from(encoded).buffer);
    expect(view.getFloat32(3 + 4 * 999, true)).toBe(999);
  });

  it('refuses integers it cannot encode exactly', () => {
    expect(() => bytes((w) => w.int64(1, 1.5))).toThrow(ValidationError);
    expect(() => bytes((w) => w.int64(1, 2 ** 53))).toThrow(/not a safe integer|protobuf/);
  });
});
