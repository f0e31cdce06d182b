import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/index.js';
import { csvCell, mixedRows, type Row } from '../../profile/__fixtures__/datasets.js';
import { expectSameProfile } from '../../profile/__fixtures__/same-profile.js';
import { getColumn, profileRows, quantile, rankError } from '../../profile/index.js';
import { profileFile, type FileProgress } from '../profile-file.js';
import { profileInPieces } from './profile-pieces.js';

const dir = mkdtempSync(join(tmpdir(), 'verity-profile-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeCsv(name: string, rows: Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const lines = [
    columns.map(csvCell).join(','),
    ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(',')),
  ];
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Cuts every 64 KiB: the 20,000-row file below is some 40 pieces. */
const PIECE = 64 * 1024;

describe('profileFile in pieces', () => {
  // The mixed rows hold quoted categories with commas, quotes and line breaks.
  const rows = mixedRows(31, 20_000).map((row, i) => ({ ...row, seq: i }));
  const csv = writeCsv('mixed.csv', rows);
  const frequencyCapacity = 5000;

  it('gives the same profile on 1, 2 and 3 threads', async () => {
    expect(statSync(csv).size).toBeGreaterThan(20 * PIECE);
    const one = await profileFile(csv, { pieceBytes: PIECE, threads: 1 });
    const two = await profileFile(csv, { pieceBytes: PIECE, threads: 2 });
    const three = await profileFile(csv, { pieceBytes: PIECE, threads: 3, chunkBytes: 5000 });
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it('gives the same profile when worker threads profile some of the pieces', async () => {
    const one = await profileFile(csv, { pieceBytes: PIECE, threads: 1 });
    // The recording worker writes down the pieces it profiled. This thread waits at its first
    // progress report until the workers have profiled four pieces (or 20 s have passed).
    const recordedBy = `${csv}.pieces`;
    const recorded = () =>
      existsSync(recordedBy) ? readFileSync(recordedBy, 'utf8').split('\n').length - 1 : 0;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const deadline = Date.now() + 20_000;
    const viaWorkers = await profileInPieces(
      {
        path: csv,
        format: 'csv',
        delimiter: ',',
        maxRowBytes: 1 << 24,
        chunkBytes: 1 << 20,
        profile: {},
      },
      {
        threads: 3,
        pieceBytes: PIECE,
        workerModule: new URL('./__fixtures__/recording-worker.ts', import.meta.url),
        onProgress: () => {
          while (recorded() < 4 && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
        },
      },
    );
    const byWorkers = readFileSync(recordedBy, 'utf8').trim().split('\n').map(Number);
    expect(new Set(byWorkers).size).toBe(byWorkers.length);
    expect(byWorkers.length).toBeGreaterThanOrEqual(4);
    expect(viaWorkers).toEqual(one);
  });

  it('equals the one-pass profile in every exact part, moments up to rounding', async () => {
    // A frequency capacity above the widest column keeps every frequency exact.
    const pieces = await profileFile(csv, { pieceBytes: PIECE, threads: 2, frequencyCapacity });
    const whole = await profileFile(csv, {
      pieceBytes: Number.MAX_SAFE_INTEGER,
      frequencyCapacity,
    });
    expectSameProfile(pieces, whole);
    // Not the one-pass profile itself: the sketches were merged from ~40 pieces.
    expect(pieces).not.toEqual(whole);
    const seq = getColumn(pieces, 'seq');
    expect(rankError(seq)).toBeGreaterThan(0);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.99]) {
      // seq is 0..19,999: a value's rank is the value itself.
      const rank = (quantile(seq, q) + 1) / rows.length;
      expect(Math.abs(rank - q), `q=${q}`).toBeLessThanOrEqual(rankError(seq) + 1 / rows.length);
    }
  });

  it('counts into a reference’s bins exactly as one pass does', async () => {
    const reference = profileRows(mixedRows(5, 3000));
    const pieces = await profileFile(csv, {
      pieceBytes: PIECE,
      threads: 2,
      reference,
      frequencyCapacity,
    });
    const whole = await profileFile(csv, {
      pieceBytes: Number.MAX_SAFE_INTEGER,
      reference,
      frequencyCapacity,
    });
    expectSameProfile(pieces, whole);
    expect(getColumn(pieces, 'x').numeric?.bins).toEqual(getColumn(whole, 'x').numeric?.bins);
  });

  it('joins the pieces around a cut that fell inside a quoted field', async () => {
    // Each row is mostly one quoted field full of line feeds, so most cuts land inside one.
    const text = Array.from({ length: 400 }, (_, i) =>
      [i, `"${Array.from({ length: 12 }, (_, j) => `line ${j} of ${i}`).join('\n')}"`].join(','),
    );
    const path = join(dir, 'multiline.csv');
    writeFileSync(path, `id,notes\n${text.join('\n')}\n`);
    const whole = await profileFile(path, { pieceBytes: Number.MAX_SAFE_INTEGER });
    expect(whole.rowCount).toBe(400);
    const one = await profileFile(path, { pieceBytes: 1000, threads: 1 });
    expect(await profileFile(path, { pieceBytes: 1000, threads: 3 })).toEqual(one);
    expectSameProfile(one, whole);
    expect(getColumn(one, 'notes').categorical?.items).toEqual(
      getColumn(whole, 'notes').categorical?.items,
    );
  });

  it('names the line of a malformed row in a late piece, as one pass does', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${i},${i % 7}`);
    lines[2500] = '2500';
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, `a,b\n${lines.join('\n')}\n`);
    for (const threads of [1, 2]) {
      await expect(profileFile(path, { pieceBytes: 2000, threads })).rejects.toThrow(
        'CSV line 2502: expected 2 fields, found 1',
      );
    }
    const unclosed = join(dir, 'unclosed.csv');
    writeFileSync(unclosed, `a,b\n${lines.slice(0, 2000).join('\n')}\n1,"open\n`);
    await expect(profileFile(unclosed, { pieceBytes: 2000, threads: 2 })).rejects.toThrow(
      'CSV line 2002: unclosed quoted field',
    );
  });

  it('checks the header before reading any piece', async () => {
    await expect(
      profileFile(csv, { pieceBytes: PIECE, threads: 2, columns: ['x', 'absent'] }),
    ).rejects.toThrow("the CSV header has no column 'absent'");
    const dup = join(dir, 'dup.csv');
    writeFileSync(dup, `a,a\n${'1,2\n'.repeat(2000)}`);
    await expect(profileFile(dup, { pieceBytes: 1000, threads: 2 })).rejects.toThrow(
      "CSV line 1: duplicate column name 'a'",
    );
  });

  it('profiles a header-only file as no rows, and a BOM and blank lines before the header', async () => {
    const headerOnly = join(dir, 'header.csv');
    writeFileSync(headerOnly, 'a,b\n');
    const none = await profileFile(headerOnly, { pieceBytes: 1, threads: 2 });
    expect(none).toEqual(await profileFile(headerOnly));
    expect(none.rowCount).toBe(0);
    const bom = join(dir, 'bom.csv');
    writeFileSync(bom, `\uFEFF\n\na,b\n${'1,x\n2,y\n'.repeat(500)}`);
    const profile = await profileFile(bom, { pieceBytes: 500, threads: 2 });
    expect(profile.rowCount).toBe(1000);
    expect(profile.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expectSameProfile(profile, await profileFile(bom));
  });

  it('reports progress that never goes back and ends at the file size', async () => {
    const progress: FileProgress[] = [];
    await profileFile(csv, {
      pieceBytes: PIECE,
      threads: 2,
      chunkBytes: 16 * 1024,
      onProgress: (p) => progress.push(p),
    });
    expect(progress.length).toBeGreaterThan(20);
    expect(progress.at(-1)).toEqual({
      bytesRead: statSync(csv).size,
      totalBytes: statSync(csv).size,
    });
    expect(progress.every((p, i) => i === 0 || p.bytesRead >= progress[i - 1]!.bytesRead)).toBe(
      true,
    );
  });

  it('stops when aborted, and refuses bad thread and piece counts', async () => {
    await expect(
      profileFile(csv, { pieceBytes: PIECE, threads: 2, signal: AbortSignal.abort() }),
    ).rejects.toThrow(/abort/i);
    await expect(profileFile(csv, { threads: 0 })).rejects.toThrow(ValidationError);
    await expect(profileFile(csv, { threads: 1.5 })).rejects.toThrow(
      'threads must be an integer in 1..64',
    );
    await expect(profileFile(csv, { pieceBytes: 0 })).rejects.toThrow(
      'pieceBytes must be a positive integer',
    );
  });
});

describe('profileInPieces when workers fail', () => {
  const rows = mixedRows(77, 6000);
  const csv = writeCsv('workers.csv', rows);
  const job = {
    path: csv,
    format: 'csv' as const,
    delimiter: ',',
    maxRowBytes: 1 << 20,
    chunkBytes: 1 << 16,
    profile: {},
  };

  it('profiles on this thread the pieces a dying worker claimed', async () => {
    const pieceBytes = 16 * 1024;
    const expected = await profileInPieces(job, { threads: 1, pieceBytes });
    expect(expected?.rowCount).toBe(6000);
    const pieces = Math.floor(statSync(csv).size / pieceBytes);
    expect(pieces).toBeGreaterThan(10);
    // This thread sleeps 100 ms after each piece, so the worker claims real pieces before dying.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    const profile = await profileInPieces(job, {
      threads: 2,
      pieceBytes,
      workerModule: new URL('./__fixtures__/dying-worker.ts', import.meta.url),
      onProgress: () => void Atomics.wait(pause, 0, 0, 100),
    });
    const claimed = JSON.parse(readFileSync(`${csv}.claimed`, 'utf8')) as number[];
    expect(claimed[1]).toBeLessThan(pieces);
    expect(profile).toEqual(expected);
  });

  it('does all the work here when no worker starts', async () => {
    const expected = await profileInPieces(job, { threads: 1, pieceBytes: 16 * 1024 });
    const workerModule = new URL('./__fixtures__/broken-worker.ts', import.meta.url);
    expect(await profileInPieces(job, { threads: 2, pieceBytes: 16 * 1024, workerModule })).toEqual(
      expected,
    );
  });
});

describe('profileFile in pieces, NDJSON', () => {
  // Rows typed as JSON: numbers, strings with line breaks (escaped in JSON), booleans, nulls;
  // a key that first appears in the last quarter of the file.
  const rows = mixedRows(41, 12_000).map((row, i) => (i >= 9000 ? { ...row, late: i % 5 } : row));
  const path = join(dir, 'rows.ndjson');
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const frequencyCapacity = 5000;

  it('gives the same profile on 1 and 3 threads, and the one-pass profile’s exact parts', async () => {
    expect(statSync(path).size).toBeGreaterThan(20 * PIECE);
    const one = await profileFile(path, { pieceBytes: PIECE, threads: 1, frequencyCapacity });
    expect(await profileFile(path, { pieceBytes: PIECE, threads: 3, frequencyCapacity })).toEqual(
      one,
    );
    const whole = await profileFile(path, {
      pieceBytes: Number.MAX_SAFE_INTEGER,
      frequencyCapacity,
    });
    expectSameProfile(one, whole);
    // Columns in the order they first appear, as in one pass.
    expect(one.columns.map((c) => c.name)).toEqual(whole.columns.map((c) => c.name));
    expect(getColumn(one, 'late')).toMatchObject({ count: 12_000, missing: 9000 });
  });

  it('names the line of a bad line in a late piece, and takes a BOM on the first line only', async () => {
    const lines = rows.slice(0, 3000).map((r) => JSON.stringify(r));
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, `${[...lines.slice(0, 2500), '[1]', ...lines.slice(2500)].join('\n')}\n`);
    for (const threads of [1, 2]) {
      await expect(profileFile(bad, { pieceBytes: 4096, threads })).rejects.toThrow(
        'NDJSON line 2501: expected a JSON object',
      );
    }
    const bom = join(dir, 'bom.ndjson');
    writeFileSync(bom, `\uFEFF${lines.join('\n')}\n`);
    expect((await profileFile(bom, { pieceBytes: 4096, threads: 2 })).rowCount).toBe(3000);
    const inner = join(dir, 'inner-bom.ndjson');
    writeFileSync(inner, `${lines.slice(0, 2000).join('\n')}\n\uFEFF${lines[2000]}\n`);
    await expect(profileFile(inner, { pieceBytes: 4096, threads: 2 })).rejects.toThrow(
      /NDJSON line 2001: not valid JSON/,
    );
  });
});
