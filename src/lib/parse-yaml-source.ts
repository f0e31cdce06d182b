import { LineCounter, parseDocument } from 'yaml';
import { YamlLocator } from './yaml-locator.js';

/** A YAML syntax problem at a source position (the shape policy and playbook problems share). */
export interface YamlSyntaxProblem {
  code: 'YAML_SYNTAX';
  path: [];
  line: number;
  column: number;
  message: string;
}

/**
 * Parses a YAML document the way Verity's YAML files (policy packs, playbooks) are read: core
 * schema, duplicate keys refused, alias expansion bounded ("billion laughs"); every syntax error
 * with its line and column. On success, the data and a locator for schema problems.
 */
export function parseYamlSource(
  source: string,
):
  { ok: true; data: unknown; locator: YamlLocator } | { ok: false; problems: YamlSyntaxProblem[] } {
  const lines = new LineCounter();
  const document = parseDocument(source, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    schema: 'core',
  });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const { line, col } = lines.linePos(error.pos[0]);
        return { code: 'YAML_SYNTAX', path: [], line, column: col, message: error.message };
      }),
    };
  }
  try {
    const data: unknown = document.toJS({ maxAliasCount: 50 });
    return { ok: true, data, locator: new YamlLocator(source, document, lines) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      problems: [{ code: 'YAML_SYNTAX', path: [], line: 1, column: 1, message }],
    };
  }
}
