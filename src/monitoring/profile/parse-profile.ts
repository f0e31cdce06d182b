/**
 * Validation of untrusted profiles (uploads, files): the JSON shape plus every consistency rule
 * of `profile-checks.ts`, reported through `ValidationError` with one issue per problem.
 */
import { ValidationError, type Issue } from '../../lib/index.js';
import { profileProblems } from './profile-checks.js';
import { datasetProfileShapeSchema, type DatasetProfile } from './schema.js';

/** The full schema for an uploaded profile: shape and consistency. */
export const datasetProfileSchema = datasetProfileShapeSchema.superRefine((profile, ctx) => {
  for (const issue of profileProblems(profile)) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
});

/** Validates an untrusted profile; throws ValidationError listing every issue. */
export function parseProfile(value: unknown): DatasetProfile {
  const parsed = datasetProfileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues: Issue[] = parsed.error.issues.map((i) => ({
    code: i.code === 'custom' ? 'inconsistent_profile' : i.code,
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }));
  const first = issues[0];
  const where =
    first === undefined ? '' : ` at ${first.path.join('.') || '(root)'}: ${first.message}`;
  throw new ValidationError(`the profile is not valid${where}`, issues);
}
