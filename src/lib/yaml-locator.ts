import { isMap, isNode, isScalar, Scalar, type Document, type LineCounter } from 'yaml';

export interface SourcePosition {
  line: number;
  column: number;
}

type Path = readonly (string | number)[];

/** Finds where a document path, a map key, or a character inside a string lives in the source. */
export class YamlLocator {
  constructor(
    private readonly source: string,
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The node at `path`, or its deepest existing ancestor (a missing field points at its map). */
  position(path: Path): SourcePosition | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.document.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return this.at(node.range[0]);
    }
    return undefined;
  }

  /** The key `key` of the map at `path` (for unknown fields), else the map itself. */
  keyPosition(path: Path, key: string): SourcePosition | undefined {
    const map = this.document.getIn(path, true);
    if (isMap(map)) {
      for (const pair of map.items) {
        if (isScalar(pair.key) && pair.key.value === key && pair.key.range) {
          return this.at(pair.key.range[0]);
        }
      }
    }
    return this.position(path);
  }

  /**
   * The source position of character `offset` of the string value at `path`. YAML quoting,
   * escapes and block folding only add, drop or change whitespace, quotes and backslashes, so
   * the value's characters are matched against the source in order, skipping those; anything
   * else (an escape such as `\t`) means the mapping is unsafe and the value's start is used.
   */
  positionInString(path: Path, offset: number): SourcePosition | undefined {
    const node = this.document.getIn(path, true);
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) {
      return this.position(path);
    }
    const start = node.range[0];
    const mapped = this.mapOffset(node, node.value, offset);
    return this.at(mapped ?? start);
  }

  private mapOffset(node: Scalar, value: string, offset: number): number | undefined {
    const [start, end] = node.range ?? [0, 0];
    let skippable = /[ \t\r\n]/;
    let j = start;
    switch (node.type) {
      case Scalar.BLOCK_LITERAL:
      case Scalar.BLOCK_FOLDED:
        j = this.source.indexOf('\n', start) + 1; // content starts after the header line
        if (j === 0) return undefined;
        break;
      case Scalar.QUOTE_SINGLE:
        j = start + 1;
        skippable = /[ \t\r\n']/;
        break;
      case Scalar.QUOTE_DOUBLE:
        j = start + 1;
        skippable = /[ \t\r\n\\]/;
        break;
      default:
        break;
    }
    // An error at the very end (e.g. "unexpected end of input") sits after the last character.
    const target = Math.min(offset, value.length - 1);
    for (let i = 0; i <= target; i++) {
      const wanted = value[i];
      while (j < end && this.source[j] !== wanted) {
        if (!skippable.test(this.source[j] ?? '')) return undefined;
        j++;
      }
      if (j >= end) return undefined;
      if (i === target) return offset > target ? j + 1 : j;
      j++;
    }
    return undefined;
  }

  private at(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}
