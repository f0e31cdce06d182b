import type { GateContext } from './gate-context.js';
import { T, type PolicyType } from './policy-type.js';

/*
 * How each GateContext field is declared to CEL. Counts, ranks, sizes, sequence numbers and the
 * age in whole days are CEL `int` (what `size()` returns, so `signatures.valid == size(x)` and
 * `environment.rank + 1` type-check); measurements (metrics, fairness values, completeness) are
 * CEL `double`. CEL compares int and double directly (`signatures.valid >= 1.0`,
 * `metrics.auc >= 1`), but does not mix them in arithmetic: `double(signatures.valid) / 2.0`.
 * Free-form parameters are `dyn`; their JSON numbers are doubles.
 */

const stringMap = T.map(T.string, T.string);
const doubleMap = T.map(T.string, T.double);

const fields = {
  environment: T.record('environment', { name: T.string, rank: T.int }),
  model: T.record('model', {
    name: T.string,
    namespace: T.string,
    ref: T.string,
    owner: T.string,
    riskTier: T.string,
    useCase: T.string,
    tags: stringMap,
  }),
  version: T.record('version', {
    label: T.string,
    seq: T.int,
    format: T.string,
    author: T.string,
    description: T.string,
    createdAt: T.string,
    ageDays: T.int,
    frozen: T.bool,
    artifacts: T.list(
      T.record('version.artifacts[]', { path: T.string, size: T.int, digest: T.string }),
    ),
    tags: stringMap,
    params: T.map(T.string, T.dyn),
  }),
  metrics: doubleMap,
  card: T.record('card', {
    exists: T.bool,
    completeness: T.double,
    missing: T.list(T.string),
    riskTier: T.string,
    approved: T.bool,
  }),
  evaluations: T.map(T.string, doubleMap),
  evaluationRuns: T.list(
    T.record('evaluationRuns[]', {
      name: T.string,
      kind: T.string,
      dataset: T.string,
      createdAt: T.string,
      metrics: doubleMap,
    }),
  ),
  fairness: T.list(
    T.record('fairness[]', {
      metric: T.string,
      group: T.string,
      value: T.double,
      attribute: T.string,
    }),
  ),
  signatures: T.record('signatures', {
    count: T.int,
    valid: T.int,
    signers: T.list(T.string),
    coversAllArtifacts: T.bool,
  }),
  approvals: T.list(
    T.record('approvals[]', {
      approver: T.string,
      role: T.string,
      decision: T.string,
      environment: T.string,
    }),
  ),
  lineage: T.record('lineage', {
    hasRun: T.bool,
    run: T.record('lineage.run', {
      name: T.string,
      status: T.string,
      codeRepository: T.string,
      codeCommit: T.string,
      imageDigest: T.string,
    }),
    datasetCount: T.int,
  }),
  datasets: T.list(
    T.record('datasets[]', {
      ref: T.string,
      digest: T.string,
      rowCount: T.int,
      columns: T.list(T.string),
    }),
  ),
  monitoring: T.record('monitoring', { active: T.bool, status: T.string, openAlerts: T.int }),
  deployments: T.list(T.record('deployments[]', { environment: T.string, label: T.string })),
  compliance: T.record('compliance', {
    scoped: T.bool,
    euTier: T.string,
    jurisdictions: T.list(T.string),
    requiredAssessments: T.list(T.string),
    assessments: stringMap,
  }),
} satisfies Record<keyof GateContext, PolicyType>;

/** The CEL variables a rule may use: one per top-level GateContext field. */
export const GATE_CONTEXT_VARIABLES: Readonly<Record<keyof GateContext, PolicyType>> = fields;
