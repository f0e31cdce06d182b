import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { mixedRows } from './__fixtures__/datasets.js';
import { datasetProfileSchema, parseProfile } from './parse-profile.js';
import { profileRows } from './profile-builder.js';
import type { DatasetProfile } from './schema.js';

function validProfile(): DatasetProfile {
  const rows = mixedRows(1, 3000);
  const reference = profileRows(rows);
  return JSON.parse(JSON.stringify(profileRows(rows, { reference }))) as DatasetProfile;
}

/** The issues parseProfile reports for a corrupted copy of a valid profile. */
function issuesAfter(corrupt: (p: DatasetProfile) => void): { path: string; message: string }[] {
  const profile = validProfile();
  corrupt(profile);
  try {
    parseProfile(profile);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).details.issues as {
      path: unknown[];
      message: string;
    }[];
    return issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  }
  throw new Error('expected parseProfile to throw');
}

describe('parseProfile', () => {
  it('accepts a profile that went through JSON, unchanged', () => {
    const profile = validProfile();
    expect(parseProfile(profile)).toEqual(profile);
    expect(datasetProfileSchema.safeParse(profile).success).toBe(true);
  });

  it('names the first problem in the message and lists every problem', () => {
    const profile = validProfile();
    profile.rowCount += 1;
    expect(() => parseProfile(profile)).toThrow(/the profile is not valid at columns\.0\.count/);
    expect(issuesAfter((p) => (p.rowCount += 1)).length).toBe(profile.columns.length);
  });

  describe('when the shape is wrong', () => {
    it('refuses another profileVersion', () => {
      expect(issuesAfter((p) => ((p as { profileVersion: number }).profileVersion = 2))).toEqual([
        expect.objectContaining({ path: 'profileVersion' }),
      ]);
    });

    it('refuses non-integer counts and non-finite numbers', () => {
      expect(issuesAfter((p) => (p.columns[0]!.missing = 1.5))[0]?.path).toBe('columns.0.missing');
      const issues = issuesAfter((p) => (p.columns[0]!.numeric!.mean = Number.NaN));
      expect(issues[0]?.path).toBe('columns.0.numeric.mean');
    });
  });

  describe('when the numbers disagree', () => {
    it('refuses missing + kinds ≠ count, and a type that does not follow the kinds', () => {
      expect(issuesAfter((p) => (p.columns[0]!.missing += 1))).toContainEqual({
        path: 'columns.0.missing',
        message: 'missing + kinds must add up to count',
      });
      expect(issuesAfter((p) => (p.columns[0]!.type = 'categorical'))).toContainEqual({
        path: 'columns.0.type',
        message: "must be 'numeric' for these kinds",
      });
    });

    it('refuses sketch weights that do not add up to n, and unsorted levels', () => {
      expect(issuesAfter((p) => p.columns[0]!.numeric!.sketch.levels[0]!.pop())).toContainEqual({
        path: 'columns.0.numeric.sketch.levels',
        message: 'weights must add up to n',
      });
      const top = validProfile().columns[0]!.numeric!.sketch.levels.length - 1;
      const issues = issuesAfter((p) => p.columns[0]!.numeric!.sketch.levels[top]!.reverse());
      expect(issues).toContainEqual({
        path: `columns.0.numeric.sketch.levels.${top}`,
        message: 'must be sorted',
      });
    });

    it('refuses bin counts that do not add up, and edges that do not increase', () => {
      expect(issuesAfter((p) => (p.columns[0]!.numeric!.bins!.counts[0]! += 1))).toContainEqual({
        path: 'columns.0.numeric.bins',
        message: 'counts + underflow + overflow must equal count',
      });
      const issues = issuesAfter((p) => p.columns[0]!.numeric!.bins!.edges.reverse());
      expect(issues).toContainEqual({
        path: 'columns.0.numeric.bins.edges',
        message: 'must be strictly increasing',
      });
    });

    it('refuses HyperLogLog registers of the wrong size or range, and duplicate values', () => {
      const cat = (p: DatasetProfile): NonNullable<DatasetProfile['columns'][0]['categorical']> =>
        p.columns.find((c) => c.name === 'cat')!.categorical!;
      const index = validProfile().columns.findIndex((c) => c.name === 'cat');
      expect(issuesAfter((p) => (cat(p).hll.registers = 'AAAA'))).toContainEqual({
        path: `columns.${index}.categorical.hll.registers`,
        message: 'must decode to 2^precision = 4096 bytes',
      });
      expect(
        issuesAfter((p) => (cat(p).hll.registers = Buffer.alloc(4096, 60).toString('base64'))),
      ).toContainEqual({
        path: `columns.${index}.categorical.hll.registers`,
        message: 'register values must not exceed 53',
      });
      expect(issuesAfter((p) => cat(p).items.push([...cat(p).items[0]!]))).toContainEqual(
        expect.objectContaining({ path: `columns.${index}.categorical.items` }),
      );
    });

    it('refuses duplicate column names', () => {
      expect(issuesAfter((p) => p.columns.push(p.columns[0]!))).toContainEqual({
        path: `columns.${validProfile().columns.length}.name`,
        message: "duplicate column 'x'",
      });
    });
  });
});
