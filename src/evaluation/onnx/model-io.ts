/**
 * Verity's convention for the `inputSchema` and `outputSchema` documents of a model version
 * whose artifact is an ONNX model: how evaluation data becomes the model's input tensor and
 * which output value is the score. Other code (evaluation, monitoring) relies on this shape.
 *
 * inputSchema:
 * ```json
 * { "tensor": "input",
 *   "columns": [ { "name": "age", "type": "numeric" },
 *                { "name": "employment_status=retired", "type": "numeric",
 *                  "oneHotGroup": "employment_status" } ] }
 * ```
 * The model has one float input tensor named `tensor`, shaped `[N, columns.length]`; column j of
 * the tensor is the evaluation data's column `columns[j].name`, read by name. `categorical`
 * columns hold numeric codes, so the tensor stays float. `oneHotGroup` marks 0/1 indicator
 * columns that together encode one categorical variable (named by the group), so reports can
 * treat them as one feature. Column names are unique; there is at least one column.
 *
 * outputSchema:
 * ```json
 * { "task": "binary-classification", "score": { "output": "probability", "index": 1 },
 *   "threshold": 0.5 }
 * ```
 * The score of row i is `output[i]` when the output is `[N]`, else `output[i][index]` for
 * `[N, 1]` or `[N, K]` (index defaults to 0). `threshold` (binary classification only) is the
 * score at or above which a row is predicted positive.
 *
 * Both documents are strict: an unknown key is an error, so a typo cannot silently change
 * which column is scored.
 */
import { z } from 'zod';
import { ValidationError, type Issue } from '../../lib/index.js';

const columnSchema = z.strictObject({
  name: z.string().min(1).max(256),
  type: z.enum(['numeric', 'categorical']),
  oneHotGroup: z.string().min(1).max(256).optional(),
});

/** The inputSchema document of an ONNX model version (see the module comment). */
export const modelInputDocumentSchema = z
  .strictObject({
    tensor: z.string().min(1).max(256),
    columns: z.array(columnSchema).min(1),
  })
  .superRefine((doc, ctx) => {
    const seen = new Map<string, number>();
    doc.columns.forEach((column, index) => {
      const first = seen.get(column.name);
      if (first === undefined) {
        seen.set(column.name, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        params: { code: 'duplicate_column' },
        path: ['columns', index, 'name'],
        message: `column '${column.name}' already appears at index ${first}`,
      });
    });
  });

/** The outputSchema document of an ONNX model version (see the module comment). */
export const modelOutputDocumentSchema = z
  .strictObject({
    task: z.enum(['binary-classification', 'regression']),
    score: z.strictObject({
      output: z.string().min(1).max(256),
      index: z.number().int().min(0).optional(),
    }),
    threshold: z.number().optional(),
  })
  .superRefine((doc, ctx) => {
    if (doc.task === 'regression' && doc.threshold !== undefined) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'threshold_not_applicable' },
        path: ['threshold'],
        message: 'a threshold applies to binary classification only',
      });
    }
  });

export type ModelInputSchema = z.infer<typeof modelInputDocumentSchema>;
export type ModelOutputSchema = z.infer<typeof modelOutputDocumentSchema>;
export type ModelInputColumn = ModelInputSchema['columns'][number];

/** How a model version's ONNX artifact is fed and read, from its two schema documents. */
export interface ModelIo {
  input: ModelInputSchema;
  output: ModelOutputSchema;
}

/**
 * Validates a model version's inputSchema and outputSchema against the convention above. Throws
 * one ValidationError listing every issue of both documents, paths starting with 'inputSchema'
 * or 'outputSchema'.
 */
export function parseModelIo(inputSchema: unknown, outputSchema: unknown): ModelIo {
  const input = modelInputDocumentSchema.safeParse(inputSchema);
  const output = modelOutputDocumentSchema.safeParse(outputSchema);
  const issues = [
    ...(input.success ? [] : toIssues(input.error, 'inputSchema')),
    ...(output.success ? [] : toIssues(output.error, 'outputSchema')),
  ];
  if (input.success && output.success) return { input: input.data, output: output.data };
  const first = issues[0];
  const where = first === undefined ? '' : ` at ${first.path.join('.')}: ${first.message}`;
  throw new ValidationError(`the model's input/output schema is not valid${where}`, issues);
}

function toIssues(error: z.ZodError, root: string): Issue[] {
  return error.issues.map((i) => ({
    code: i.code === 'custom' ? customCode(i.params) : i.code,
    path: [root, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    message: i.message,
  }));
}

function customCode(params: Record<string, unknown> | undefined): string {
  const code = params?.code;
  return typeof code === 'string' ? code : 'custom';
}
