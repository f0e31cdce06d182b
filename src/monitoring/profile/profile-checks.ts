/**
 * Consistency rules between a profile's numbers, beyond its JSON shape. An uploaded profile is
 * attacker-controlled: these checks make every accessor and merge safe on anything that passes
 * (counts add up, sketches are well-formed and bounded in size, edges increase).
 */
import type { Issue } from '../../lib/index.js';
import { kllCapacity } from './kll.js';
import type {
  CategoricalProfile,
  ColumnProfile,
  DatasetProfile,
  NumericProfile,
} from './schema.js';
import { inferColumnType } from './column-type.js';

type Path = (string | number)[];

export function profileProblems(profile: DatasetProfile): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  profile.columns.forEach((column, i) => {
    const report = (path: Path, message: string): void => {
      issues.push({ code: 'inconsistent_profile', path: ['columns', i, ...path], message });
    };
    if (seen.has(column.name)) report(['name'], `duplicate column '${column.name}'`);
    seen.add(column.name);
    checkColumn(column, profile.rowCount, report);
  });
  return issues;
}

function checkColumn(
  column: ColumnProfile,
  rowCount: number,
  report: (path: Path, message: string) => void,
): void {
  const { kinds } = column;
  if (column.count !== rowCount) report(['count'], 'must equal the profile rowCount');
  if (column.missing + kinds.numeric + kinds.boolean + kinds.string !== column.count) {
    report(['missing'], 'missing + kinds must add up to count');
  }
  if (column.type !== inferColumnType(kinds)) {
    report(['type'], `must be '${inferColumnType(kinds)}' for these kinds`);
  }
  if (column.numeric === undefined) {
    if (kinds.numeric > 0) report(['numeric'], 'is required when kinds.numeric > 0');
  } else {
    checkNumeric(column.numeric, kinds.numeric, (path, message) =>
      report(['numeric', ...path], message),
    );
  }
  const categorical = kinds.boolean + kinds.string;
  if (column.categorical === undefined) {
    if (categorical > 0) report(['categorical'], 'is required when kinds has strings or booleans');
  } else {
    checkCategorical(column.categorical, categorical, (path, message) =>
      report(['categorical', ...path], message),
    );
  }
}

function checkNumeric(
  numeric: NumericProfile,
  kind: number,
  report: (path: Path, message: string) => void,
): void {
  const { count, min, max, sketch, bins } = numeric;
  if (count + numeric.infinite !== kind)
    report(['count'], 'count + infinite must equal kinds.numeric');
  if ((count === 0) !== (min === null) || (count === 0) !== (max === null)) {
    report(['min'], 'min and max are null exactly when count is 0');
  }
  if (min !== null && max !== null && min > max) report(['min'], 'must not exceed max');
  if (sketch.n !== count) report(['sketch', 'n'], 'must equal count');
  let weight = 0;
  let retained = 0;
  sketch.levels.forEach((level, h) => {
    weight += level.length * 2 ** h;
    retained += level.length;
    for (let j = 0; j < level.length; j++) {
      const item = level[j]!;
      if ((min !== null && item < min) || (max !== null && item > max)) {
        report(['sketch', 'levels', h, j], 'lies outside [min, max]');
        return;
      }
      if (j > 0 && item < level[j - 1]!) {
        report(['sketch', 'levels', h], 'must be sorted');
        return;
      }
    }
  });
  if (weight !== sketch.n) report(['sketch', 'levels'], 'weights must add up to n');
  if (retained > kllCapacity(sketch.k, sketch.levels.length)) {
    report(['sketch', 'levels'], 'holds more items than k allows');
  }
  if (bins !== undefined) {
    const { edges, counts } = bins;
    if (!edges.every((e, i) => i === 0 || e > edges[i - 1]!)) {
      report(['bins', 'edges'], 'must be strictly increasing');
    }
    if (counts.length !== edges.length - 1) {
      report(['bins', 'counts'], 'must have one count per bin (edges.length − 1)');
    }
    const binned = counts.reduce((sum, c) => sum + c, 0) + bins.underflow + bins.overflow;
    if (binned !== count) report(['bins'], 'counts + underflow + overflow must equal count');
  }
}

function checkCategorical(
  categorical: CategoricalProfile,
  kind: number,
  report: (path: Path, message: string) => void,
): void {
  if (categorical.count !== kind) report(['count'], 'must equal kinds.boolean + kinds.string');
  if (categorical.items.length > categorical.capacity) {
    report(['items'], 'holds more values than capacity');
  }
  const values = new Set<string>();
  let tracked = 0;
  for (const [value, n] of categorical.items) {
    if (values.has(value)) report(['items'], `duplicate value '${value}'`);
    values.add(value);
    tracked += n;
  }
  if (tracked > categorical.count) report(['items'], 'counts must not exceed count');
  const { precision, registers } = categorical.hll;
  const bytes = Buffer.from(registers, 'base64');
  if (bytes.length !== 2 ** precision) {
    report(['hll', 'registers'], `must decode to 2^precision = ${2 ** precision} bytes`);
  } else if (bytes.some((r) => r > 64 - precision + 1)) {
    report(['hll', 'registers'], `register values must not exceed ${64 - precision + 1}`);
  }
}
