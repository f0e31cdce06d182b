import { describe, expect, it } from 'vitest';
import type { Run } from '../registry/index.js';
import { ValidationError } from '../lib/index.js';
import {
  loadOpenLineageValidators,
  OPENLINEAGE_SCHEMAS_MISSING,
} from './__fixtures__/openlineage-schemas.js';
import { BARE_RUN, SAMPLE_RUN } from './__fixtures__/sample-run.js';
import {
  buildOpenLineageRunEvents,
  FACET_SCHEMA_URLS,
  type OpenLineageOptions,
} from './openlineage.js';
import type {
  JobTypeJobFacet,
  OpenLineageFacet,
  OpenLineageRunEvent,
} from './openlineage-types.js';

const OPTIONS: OpenLineageOptions = {
  producer: 'https://verity.example/verity',
  namespace: 'verity://verity.example',
  datasetNamespace: 'verity://verity.example/datasets',
};
const ERROR = { message: 'CUDA out of memory', programmingLanguage: 'PYTHON' };
const failed: Run = { ...SAMPLE_RUN, status: 'failed' };
const running: Run = { ...SAMPLE_RUN, status: 'running', endedAt: null, outputs: [] };
const DETAILS = {
  [SAMPLE_RUN.inputs[0]!.id]: {
    columns: [
      { name: 'income', type: 'double' },
      { name: 'default_12m', type: 'int' },
    ],
    rowCount: 48_213,
    sourceUri: 's3://credit-data/extracts/2025-q3/',
    files: [
      { path: 'part-0.parquet', size: 1_000, digest: `sha256:${'a'.repeat(64)}` },
      { path: 'part-1.parquet', size: 500, digest: `sha256:${'b'.repeat(64)}` },
    ],
  },
};

/** Every facet of an event: run, job, dataset, input and output facets. */
function facetsOf(event: OpenLineageRunEvent): [string, OpenLineageFacet][] {
  const all: (object | undefined)[] = [event.run.facets, event.job.facets];
  for (const d of event.inputs ?? []) all.push(d.facets, d.inputFacets);
  for (const d of event.outputs ?? []) all.push(d.facets);
  return all.flatMap((facets) =>
    Object.entries((facets ?? {}) as Record<string, OpenLineageFacet>),
  );
}

/** Each case: its events and the distinct facet keys they carry, so no facet goes unchecked. */
const CASES: [string, OpenLineageRunEvent[], string[]][] = [
  [
    'a completed run',
    buildOpenLineageRunEvents(SAMPLE_RUN, { ...OPTIONS, datasetVersions: DETAILS }),
    [
      'dataSource',
      'inputStatistics',
      'jobType',
      'schema',
      'sourceCodeLocation',
      'tags',
      'verity_training',
      'version',
    ],
  ],
  [
    'a failed run',
    buildOpenLineageRunEvents(failed, { ...OPTIONS, error: ERROR }),
    ['errorMessage', 'jobType', 'sourceCodeLocation', 'tags', 'verity_training', 'version'],
  ],
  [
    'a running run',
    buildOpenLineageRunEvents(running, OPTIONS),
    ['jobType', 'sourceCodeLocation', 'tags', 'verity_training', 'version'],
  ],
  [
    'a run with no code, inputs or outputs',
    buildOpenLineageRunEvents(BARE_RUN, OPTIONS),
    ['jobType', 'verity_training'],
  ],
];

describe.skipIf(OPENLINEAGE_SCHEMAS_MISSING !== undefined)(
  OPENLINEAGE_SCHEMAS_MISSING ?? 'OpenLineage 2-0-2 schema validation',
  () => {
    const validators =
      OPENLINEAGE_SCHEMAS_MISSING === undefined ? loadOpenLineageValidators() : undefined;
    const { event: validateEvent, facet: facetValidator } = validators ?? ({} as never);

    it('loads the event schema and the standard facet schemas', () => {
      expect(validators!.facetIds).toHaveLength(38);
      for (const url of Object.values(FACET_SCHEMA_URLS))
        expect(facetValidator(url), url).toBeDefined();
    });

    describe.each(CASES)('for %s', (_, events, facetKeys) => {
      it.each(events.map((e) => [e.eventType, e] as const))(
        'the %s event passes OpenLineage.json',
        (_type, event) => {
          expect(validateEvent(event), JSON.stringify(validateEvent.errors, null, 2)).toBe(true);
        },
      );

      it('every facet passes the schema its _schemaURL names', () => {
        const facets = events.flatMap(facetsOf);
        expect([...new Set(facets.map(([key]) => key))].sort()).toEqual(facetKeys);
        for (const [key, facet] of facets) {
          expect(facet._producer, key).toBe(OPTIONS.producer);
          const validate = facetValidator(facet._schemaURL);
          expect(validate, `${key}: ${facet._schemaURL}`).toBeDefined();
          expect(validate!(facet), `${key}: ${JSON.stringify(validate!.errors)}`).toBe(true);
        }
      });
    });

    describe('when an event or facet is wrong (negative controls)', () => {
      const [start] = buildOpenLineageRunEvents(SAMPLE_RUN, OPTIONS);
      const wrong = (change: (e: Record<string, unknown>) => void) => {
        const copy = structuredClone(start) as unknown as Record<string, unknown>;
        change(copy);
        return validateEvent(copy);
      };

      it('rejects eventType DONE', () => {
        expect(wrong((e) => (e.eventType = 'DONE'))).toBe(false);
      });
      it('rejects an event without producer', () => {
        expect(wrong((e) => delete e.producer)).toBe(false);
      });
      it('rejects a runId that is not a UUID', () => {
        expect(wrong((e) => ((e.run as { runId: string }).runId = 'run-42'))).toBe(false);
      });
      it('passes a jobType without integration at event level, but fails its facet schema', () => {
        expect(
          wrong(
            (e) =>
              delete (e.job as { facets: { jobType: { integration?: string } } }).facets.jobType
                .integration,
          ),
        ).toBe(true);
        const jobType: Partial<JobTypeJobFacet> = { ...start!.job.facets.jobType };
        delete jobType.integration;
        expect(facetValidator(FACET_SCHEMA_URLS.jobType)!(jobType)).toBe(false);
      });
      it('rejects an unknown key in the verity_training facet', () => {
        const facet = { ...start!.run.facets!.verity_training!, notes: 'x' };
        expect(facetValidator(FACET_SCHEMA_URLS.verity_training)!(facet)).toBe(false);
      });
    });
  },
);

describe('buildOpenLineageRunEvents', () => {
  it('sends START at the start and COMPLETE at the end of a completed run', () => {
    const [start, end, ...rest] = CASES[0]![1];
    expect(rest).toEqual([]);
    expect([start!.eventType, start!.eventTime]).toEqual(['START', '2025-10-02T09:40:00.000Z']);
    expect([end!.eventType, end!.eventTime]).toEqual(['COMPLETE', '2025-10-02T10:28:00.000Z']);
    expect(end!.run.runId).toBe(SAMPLE_RUN.id);
    expect(end!.schemaURL).toBe(
      'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    );
    expect(end!.job).toEqual({
      namespace: OPTIONS.namespace,
      name: 'train-credit-risk-gbt-2025q3',
      facets: {
        jobType: {
          _producer: OPTIONS.producer,
          _schemaURL:
            'https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
          processingType: 'BATCH',
          integration: 'VERITY',
          jobType: 'TRAINING',
        },
        sourceCodeLocation: {
          _producer: OPTIONS.producer,
          _schemaURL:
            'https://openlineage.io/spec/facets/1-1-0/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet',
          type: 'git',
          url: 'https://git.bank.example/credit/pd-model',
          repoUrl: 'https://git.bank.example/credit/pd-model',
          version: '9f1c2e7d4b8a6c3e1f0a9b8c7d6e5f4a3b2c1d0e',
        },
      },
    });
  });

  it('names datasets by namespace and name, with the label as the version', () => {
    const [start, end] = CASES[0]![1];
    expect(start!.outputs).toBeUndefined();
    expect(
      end!.inputs!.map((d) => [d.namespace, d.name, d.facets?.version?.datasetVersion]),
    ).toEqual([
      [OPTIONS.datasetNamespace, 'default/loan-applications', '2025-q3'],
      [OPTIONS.datasetNamespace, 'risk/bureau-scores', 'v12'],
    ]);
    expect(end!.outputs).toEqual([
      {
        namespace: OPTIONS.namespace,
        name: 'models/default/credit-risk',
        facets: {
          version: {
            _producer: OPTIONS.producer,
            _schemaURL: FACET_SCHEMA_URLS.version,
            datasetVersion: '1.1.0',
          },
        },
      },
    ]);
  });

  it('adds schema, data source and statistics from the dataset version details', () => {
    const [input] = CASES[0]![1][0]!.inputs!;
    expect(input!.facets?.schema?.fields).toEqual([
      { name: 'income', type: 'double' },
      { name: 'default_12m', type: 'int' },
    ]);
    expect(input!.facets?.dataSource?.uri).toBe('s3://credit-data/extracts/2025-q3/');
    expect(input!.inputFacets?.inputStatistics).toMatchObject({
      rowCount: 48_213,
      size: 1_500,
      fileCount: 2,
    });
  });

  it('records params, last metric values, digests and tags in the run facets', () => {
    const facets = CASES[0]![1][1]!.run.facets!;
    expect(facets.verity_training).toMatchObject({
      status: 'completed',
      params: { learning_rate: 0.05, max_depth: 4, n_estimators: 300, objective: 'binary' },
      metrics: [
        { key: 'ks', value: 0.4711, step: 0 },
        { key: 'loss', value: 0.29, step: 2 },
        { key: 'roc_auc', value: 0.8123, step: 1 },
      ],
      environment: SAMPLE_RUN.environment,
      inputs: SAMPLE_RUN.inputs,
      createdBy: 'maria.lopez',
    });
    expect(Object.keys(facets.verity_training!.params)).toEqual([
      'learning_rate',
      'max_depth',
      'n_estimators',
      'objective',
    ]);
    expect(facets.tags?.tags).toEqual([
      { key: 'pipeline', value: 'quarterly', source: 'VERITY' },
      { key: 'team', value: 'credit-risk', source: 'VERITY' },
    ]);
  });

  it('ends a failed run with FAIL and the caller-supplied error message', () => {
    const [, end] = CASES[1]![1];
    expect(end!.eventType).toBe('FAIL');
    expect(end!.run.facets?.errorMessage).toEqual({
      _producer: OPTIONS.producer,
      _schemaURL:
        'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
      ...ERROR,
    });
    const [, bare] = buildOpenLineageRunEvents(failed, OPTIONS);
    expect(bare!.run.facets?.errorMessage).toBeUndefined();
  });

  it('sends only START for a run still running', () => {
    expect(CASES[2]![1].map((e) => e.eventType)).toEqual(['START']);
  });

  it('omits what a bare run lacks and times it by its creation', () => {
    const events = CASES[3]![1];
    expect(events.map((e) => [e.eventType, e.eventTime])).toEqual([
      ['START', BARE_RUN.createdAt],
      ['COMPLETE', BARE_RUN.createdAt],
    ]);
    for (const e of events) {
      expect(Object.keys(e.job.facets)).toEqual(['jobType']);
      expect(Object.keys(e.run.facets!)).toEqual(['verity_training']);
      expect(e.inputs).toBeUndefined();
      expect(e.outputs).toBeUndefined();
    }
  });

  it('rewrites an scp-style git remote to the equivalent ssh URL', () => {
    const code = { repository: 'git@git.bank.example:credit/pd-model.git', commit: 'abc1234' };
    const [start] = buildOpenLineageRunEvents({ ...SAMPLE_RUN, code }, OPTIONS);
    expect(start!.job.facets.sourceCodeLocation).toMatchObject({
      url: 'ssh://git@git.bank.example/credit/pd-model.git',
      repoUrl: 'git@git.bank.example:credit/pd-model.git',
    });
  });

  it('gives the same events for the same run and options', () => {
    expect(JSON.stringify(buildOpenLineageRunEvents(SAMPLE_RUN, OPTIONS))).toBe(
      JSON.stringify(buildOpenLineageRunEvents(SAMPLE_RUN, OPTIONS)),
    );
  });

  describe('when the run or options cannot make a valid event', () => {
    it('throws VALIDATION_ERROR naming each problem', () => {
      let thrown: unknown;
      try {
        buildOpenLineageRunEvents(
          { ...SAMPLE_RUN, id: 'run-42' },
          { ...OPTIONS, producer: 'verity server', namespace: ' ' },
        );
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).code).toBe('VALIDATION_ERROR');
      const issues = (thrown as ValidationError).details.issues as { path: string[] }[];
      expect(issues.map((i) => i.path[0])).toEqual(['producer', 'namespace', 'run.id']);
    });
  });
});
