/** The JSON shape of a profile as zod 4 schemas; the profile types are inferred from them. */
import { z } from 'zod';

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const finite = z.number().finite();

export const columnTypeSchema = z.enum(['numeric', 'categorical', 'boolean', 'mixed', 'empty']);

export const kllStateSchema = z.object({
  k: z.number().int().min(8).max(65_535),
  n: count,
  rng: z.number().int().min(0).max(0xffffffff),
  levels: z.array(z.array(finite)).min(1).max(61),
});

export const binsSchema = z.object({
  rule: z.enum(['sturges', 'doane', 'fd', 'quantiles', 'edges']),
  edges: z.array(finite).min(2).max(10_001),
  counts: z.array(count),
  underflow: count,
  overflow: count,
});

export const numericProfileSchema = z.object({
  count,
  infinite: count,
  min: finite.nullable(),
  max: finite.nullable(),
  mean: finite,
  m2: finite.nonnegative(),
  m3: finite,
  sketch: kllStateSchema,
  bins: binsSchema.exactOptional(),
});

export const hllStateSchema = z.object({
  precision: z.number().int().min(4).max(18),
  registers: z.base64(),
});

export const categoricalProfileSchema = z.object({
  count,
  capacity: z.number().int().min(1).max(1_000_000),
  items: z.array(z.tuple([z.string(), count.positive()])),
  hll: hllStateSchema,
});

export const columnProfileSchema = z.object({
  name: z.string().max(1024),
  type: columnTypeSchema,
  count,
  missing: count,
  kinds: z.object({ numeric: count, boolean: count, string: count }),
  numeric: numericProfileSchema.exactOptional(),
  categorical: categoricalProfileSchema.exactOptional(),
});

/** The JSON shape of a dataset profile, without the consistency rules (see `parse-profile.ts`). */
export const datasetProfileShapeSchema = z.object({
  profileVersion: z.literal(1),
  rowCount: count,
  columns: z.array(columnProfileSchema),
});

export type DatasetProfile = z.infer<typeof datasetProfileShapeSchema>;
export type ColumnProfile = z.infer<typeof columnProfileSchema>;
export type ColumnType = z.infer<typeof columnTypeSchema>;
export type NumericProfile = z.infer<typeof numericProfileSchema>;
export type CategoricalProfile = z.infer<typeof categoricalProfileSchema>;
export type BinsProfile = z.infer<typeof binsSchema>;
export type HllState = z.infer<typeof hllStateSchema>;
