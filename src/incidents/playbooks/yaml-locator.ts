import { isMap, isNode, isScalar, type Document, type LineCounter } from 'yaml';

export interface SourcePosition {
  line: number;
  column: number;
}

type Path = readonly (string | number)[];

/**
 * Finds where a document path or a map key lives in the YAML source. The node-lookup half of
 * policy/yaml-locator.ts, which the policy module keeps internal; playbooks have no expressions,
 * so they need no positions inside strings.
 */
export class YamlLocator {
  constructor(
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

  /** The key `key` of the map at `path` (for unknown or misplaced fields), else the map itself. */
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

  private at(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}
