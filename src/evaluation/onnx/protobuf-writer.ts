/**
 * The protobuf wire format, encode side only, as far as ONNX needs it: varints (int64, enums,
 * lengths), 32-bit floats, length-delimited strings, bytes and sub-messages, packed repeated
 * scalars. See https://protobuf.dev/programming-guides/encoding/.
 */
import { ValidationError } from '../../lib/index.js';

/** Wire types (protobuf encoding guide, "Message Structure"). */
const VARINT = 0;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const utf8 = new TextEncoder();

/** Appends fields to a growing buffer; `finish()` returns the encoded message. */
export class ProtobufWriter {
  private buffer = new Uint8Array(256);
  private length = 0;
  private readonly view = () => new DataView(this.buffer.buffer, this.buffer.byteOffset);

  /** `int64`/`int32`/enum field: a varint; negatives take ten bytes (two's complement). */
  int64(field: number, value: number): this {
    this.tag(field, VARINT);
    this.varint(value);
    return this;
  }

  /** `float` field: four little-endian bytes of the float32 nearest to `value`. */
  float(field: number, value: number): this {
    this.tag(field, FIXED32);
    this.fixed32(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.varint(value.length);
    this.append(value);
    return this;
  }

  /** An embedded message, encoded by `write` into its own writer, then length-prefixed. */
  message(field: number, write: (writer: ProtobufWriter) => void): this {
    const inner = new ProtobufWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** `repeated float [packed = true]`: one length-delimited run of fixed32 values. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const inner = new ProtobufWriter();
    for (let i = 0; i < values.length; i++) inner.fixed32(values[i] ?? 0);
    return this.bytes(field, inner.finish());
  }

  /** `repeated int64 [packed = true]`: one length-delimited run of varints. */
  packedInt64s(field: number, values: readonly number[]): this {
    const inner = new ProtobufWriter();
    for (const value of values) inner.varint(value);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) {
      throw new ValidationError(`cannot encode ${value} as a protobuf integer`, [
        { code: 'not_an_integer', path: [], message: `${value} is not a safe integer` },
      ]);
    }
    // Negative int64 values are encoded as their unsigned 64-bit two's complement.
    let rest = BigInt.asUintN(64, BigInt(value));
    while (rest >= 0x80n) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }

  private fixed32(value: number): void {
    this.reserve(4);
    this.view().setFloat32(this.length, value, true);
    this.length += 4;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  private append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
