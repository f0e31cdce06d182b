import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../lib/index.js';
import { csvCell, mixedRows, type Row } from '../profile/__fixtures__/datasets.js';
import { getColumn, histogram, profileRows } from '../profile/index.js';
import { profileFile, type FileProgress } from './profile-file.js';

const dir = mkdtempSync(join(tmpdir(), 'verity-profile-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function columnsOf(rows: Row[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  return [...names];
}

function writeCsv(name: string, rows: Row[], eol = '\n'): string {
  const columns = columnsOf(rows);
  const lines = [
    columns.map(csvCell).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(',')),
  ];
  const path = join(dir, name);
  writeFileSync(path, lines.join(eol) + eol);
  return path;
}

describe('profileFile', () => {
  const rows = mixedRows(2024, 50_000);
  const csv = writeCsv('mixed.csv', rows);

  it('profiles a 50k-row CSV exactly as the in-memory builder profiles the same rows', async () => {
    // The rows include a 3,000-value column past the 1,000 exact-frequency cap: the file path
    // must apply the Misra–Gries purges in the same order as the in-memory builder.
    expect(await profileFile(csv, { chunkBytes: 64 * 1024 })).toEqual(profileRows(rows));
  });

  it('gives the same profile whatever the chunk size, with CRLF line breaks', async () => {
    const small = rows.slice(0, 3000);
    const path = writeCsv('crlf.csv', small, '\r\n');
    const expected = profileRows(small);
    for (const chunkBytes of [7, 113, 4096])
      expect(await profileFile(path, { chunkBytes })).toEqual(expected);
  });

  it('counts into a reference profile’s bins as the in-memory builder does', async () => {
    const reference = profileRows(mixedRows(1, 5000));
    const profile = await profileFile(csv, { reference, binRule: 'doane' });
    expect(profile).toEqual(profileRows(rows, { reference, binRule: 'doane' }));
    expect(histogram(getColumn(profile, 'x')).rule).toBe('doane');
  });

  it('profiles only the requested columns, and refuses unknown ones', async () => {
    const profile = await profileFile(csv, { columns: ['cat', 'x'] });
    expect(profile.columns.map((c) => c.name)).toEqual(['x', 'cat']);
    await expect(profileFile(csv, { columns: ['x', 'nope'] })).rejects.toThrow(
      "the CSV header has no column 'nope'",
    );
  });

  it('reports progress up to the file size', async () => {
    const progress: FileProgress[] = [];
    await profileFile(csv, { chunkBytes: 256 * 1024, onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(3);
    const last = progress[progress.length - 1]!;
    expect(last.bytesRead).toBe(last.totalBytes);
    expect(progress.every((p, i) => i === 0 || p.bytesRead > progress[i - 1]!.bytesRead)).toBe(
      true,
    );
  });

  it('profiles NDJSON as typed values, blank lines skipped', async () => {
    const some = rows.slice(0, 5000);
    const path = join(dir, 'rows.ndjson');
    writeFileSync(path, some.map((r) => JSON.stringify(r)).join('\n\n') + '\n');
    const asRead = some.map((r) => JSON.parse(JSON.stringify(r)) as Row);
    expect(await profileFile(path, { chunkBytes: 1000 })).toEqual(profileRows(asRead));
  });

  it('reads empty cells, quoted or not, and missing tokens as missing', async () => {
    const path = join(dir, 'gaps.csv');
    writeFileSync(path, 'a,b\n1,""\n,x\nNaN,null\n"2",\n');
    const profile = await profileFile(path);
    expect(getColumn(profile, 'a')).toMatchObject({ missing: 2, kinds: { numeric: 2 } });
    expect(getColumn(profile, 'b')).toMatchObject({ missing: 3, kinds: { string: 1 } });
  });

  it('reads tab-separated files by extension', async () => {
    const path = join(dir, 'small.tsv');
    writeFileSync(path, 'a\tb\n1\tx\n2\ty\n');
    const profile = await profileFile(path);
    expect(profile.columns.map((c) => [c.name, c.type])).toEqual([
      ['a', 'numeric'],
      ['b', 'categorical'],
    ]);
  });

  describe('when the input is bad', () => {
    it('throws NotFoundError for a missing file', async () => {
      await expect(profileFile(join(dir, 'absent.csv'))).rejects.toThrow(NotFoundError);
    });

    it('names the line of a malformed CSV row', async () => {
      const path = join(dir, 'bad.csv');
      writeFileSync(path, 'a,b\n1,2\n3\n');
      await expect(profileFile(path)).rejects.toThrow('CSV line 3: expected 2 fields, found 1');
    });

    it('refuses duplicate CSV column names', async () => {
      const path = join(dir, 'dup.csv');
      writeFileSync(path, 'a,a\n1,2\n');
      await expect(profileFile(path)).rejects.toThrow(ValidationError);
    });

    it('names the line of an NDJSON line that is not an object', async () => {
      const path = join(dir, 'bad.ndjson');
      writeFileSync(path, '{"a":1}\n[1]\n');
      await expect(profileFile(path)).rejects.toThrow('NDJSON line 2: expected a JSON object');
      writeFileSync(path, '{"a":1}\n{"a":\n');
      await expect(profileFile(path)).rejects.toThrow(/NDJSON line 2: not valid JSON/);
    });
  });
});
