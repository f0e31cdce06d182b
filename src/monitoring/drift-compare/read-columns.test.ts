import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readColumns } from './read-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'verity-read-columns-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readColumns', () => {
  it('reads CSV cells as numbers, categories and missing values, in small chunks', async () => {
    const path = file('a.csv', 'n,k,b\n1.5,x,true\n,2,false\nNaN,"a,""b""",\n-inf,y,true\n');
    const data = await readColumns(path, { chunkBytes: 3 });
    expect(data.names).toEqual(['n', 'k', 'b']);
    expect(data.rows).toBe(4);
    expect(data.columns.get('n')).toEqual({
      kind: 'numeric',
      values: Float64Array.from([1.5, -Infinity]),
      missing: 2,
    });
    expect(data.columns.get('k')).toEqual({
      kind: 'categorical',
      values: ['x', 2, 'a,"b"', 'y'],
      missing: 0,
    });
    expect(data.columns.get('b')).toEqual({
      kind: 'categorical',
      values: [true, false, true],
      missing: 1,
    });
  });

  it('reads NDJSON with typed values, keys missing from a line being missing', async () => {
    const path = file('a.ndjson', '{"n":1,"k":"x"}\n\n{"n":2.5}\n{"k":null,"m":[1]}');
    const data = await readColumns(path);
    expect(data.names).toEqual(['n', 'k', 'm']);
    expect(data.columns.get('n')).toEqual({
      kind: 'numeric',
      values: Float64Array.from([1, 2.5]),
      missing: 1,
    });
    expect(data.columns.get('m')).toEqual({ kind: 'categorical', values: ['[1]'], missing: 2 });
  });

  describe('when the file is unusable', () => {
    it('names the line of a malformed CSV row', async () => {
      const path = file('bad.csv', 'a,b\n1,2\n3\n');
      await expect(readColumns(path)).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'CSV line 3: expected 2 fields, found 1',
      });
    });

    it('refuses a header naming a column twice', async () => {
      await expect(readColumns(file('dup.csv', 'a,a\n1,2\n'))).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
      });
    });

    it('reports a missing file as NOT_FOUND', async () => {
      await expect(readColumns(join(dir, 'none.csv'))).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });
});
