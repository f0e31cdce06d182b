/** Bytes of one stored subtree hash. */
const HASH = 32;

/**
 * Bytes of the hashes of every complete aligned subtree of a tree of `size` leaves at levels
 * `floor` and up: floor(size / 2^level) of them at each level.
 */
export function cacheBytes(size: number, floor: number): number {
  let total = 0;
  for (let level = floor; 2 ** level <= size; level++) total += Math.floor(size / 2 ** level);
  return total * HASH;
}

/** The lowest level from which the subtrees of a tree of `size` fit in `budget` bytes. */
export function floorLevel(size: number, budget: number): number {
  let floor = 0;
  while (cacheBytes(size, floor) > budget) floor++;
  return floor;
}

/**
 * An in-memory copy of a log's stored subtree hashes, from level `floor` up: at each level, the
 * hashes of subtrees 0, 1, 2, ... back to back in one buffer, so a million-entry log (about two
 * million hashes) is a few dozen buffers off the JavaScript heap, not two million objects. A
 * complete subtree's hash never changes once stored, so whatever is here stays true; the owner
 * appends each level's next hashes in order as the log grows (`append`).
 */
export class SubtreeCache {
  private levels: Buffer[] = [];
  private counts: number[] = [];
  private floorValue = 0;

  /** The lowest level held; levels below it are not kept. */
  get floor(): number {
    return this.floorValue;
  }

  /** Hashes held at `level` (subtrees 0 .. count - 1). */
  count(level: number): number {
    return level < this.floorValue ? 0 : (this.counts[level] ?? 0);
  }

  /** Bytes of hashes held. */
  get bytes(): number {
    return this.counts.reduce((sum, n) => sum + (n ?? 0), 0) * HASH;
  }

  /** The hash of subtree `index` at `level`, if held (a view: never mutate it). */
  get(level: number, index: bigint): Uint8Array | undefined {
    if (level < this.floorValue || index >= BigInt(this.count(level))) return undefined;
    const at = Number(index) * HASH;
    return (this.levels[level] as Buffer).subarray(at, at + HASH);
  }

  /** Keeps only levels `floor` and up from now on, freeing the ones below. */
  raiseFloor(floor: number): void {
    for (let level = this.floorValue; level < floor; level++) {
      this.levels[level] = Buffer.alloc(0);
      this.counts[level] = 0;
    }
    this.floorValue = Math.max(this.floorValue, floor);
  }

  /** Sizes `level`'s buffer for `count` hashes, so that filling it up to there copies nothing. */
  reserve(level: number, count: number): void {
    const buffer = this.levels[level] ?? Buffer.alloc(0);
    if (level < this.floorValue || buffer.length >= count * HASH) return;
    const grown = Buffer.alloc(count * HASH);
    buffer.copy(grown, 0, 0, this.count(level) * HASH);
    this.levels[level] = grown;
  }

  /**
   * Appends the hashes of `count` subtrees count(level), count(level) + 1, ... at `level`, given
   * back to back as lowercase hex in index order. A level's buffer grows to what `reserve` asked
   * for, or by an eighth. Refuses text that is not exactly `count` hashes.
   */
  append(level: number, hex: string, count: number): void {
    if (level < this.floorValue || count === 0) return;
    if (hex.length !== 64 * count) {
      throw new RangeError(`expected ${count} subtree hashes of 64 hex digits`);
    }
    const held = this.count(level);
    const needed = (held + count) * HASH;
    let buffer = this.levels[level] ?? Buffer.alloc(0);
    if (buffer.length < needed) {
      const grown = Buffer.alloc(Math.max(needed, Math.floor(1.125 * buffer.length)));
      buffer.copy(grown, 0, 0, held * HASH);
      buffer = grown;
      this.levels[level] = grown;
    }
    if (buffer.write(hex, held * HASH, 'hex') !== count * HASH) {
      throw new RangeError(`expected ${count} subtree hashes of 64 hex digits`);
    }
    this.counts[level] = held + count;
  }
}
