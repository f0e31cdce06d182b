import { parseRef, ValidationError, type Issue } from '../lib/index.js';
import type { DatasetVersion, Run } from '../registry/index.js';
import { compareCodeUnits, field, gitUrl, isAbsoluteUri } from './fields.js';
import {
  VERITY_TRAINING_FACET_SCHEMA_ID,
  type ErrorMessageRunFacet,
  type OpenLineageInputDataset,
  type OpenLineageOutputDataset,
  type OpenLineageRunEvent,
  type SourceCodeLocationJobFacet,
  type VerityTrainingRunFacet,
} from './openlineage-types.js';

/*
 * A registry run as OpenLineage 2-0-2 run events (standards.md §10). Pure: event times are the
 * run's own timestamps, so the same run and options give the same events.
 *
 * Naming (OpenLineage `Naming.md`: a name is unique within its namespace and stable across
 * versions; the version goes in a facet):
 * - job: `options.namespace` / the run's name; runs with the same name are runs of one job;
 * - input dataset: `options.datasetNamespace` / `<dataset namespace>/<dataset name>`, always with
 *   the Verity namespace (also `default`), the label in the `version` facet;
 * - output model version: `options.namespace` / `models/<namespace>/<model name>`, the version
 *   label in the `version` facet.
 * Content digests, which no standard facet holds, are in the `verity_training` run facet.
 */

export const OPENLINEAGE_RUN_EVENT_SCHEMA_URL =
  'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

const facetUrl = (version: string, name: string) =>
  `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}`;

/** `_schemaURL` of each facet Verity emits, at the version of the facet schema's `$id`. */
export const FACET_SCHEMA_URLS = {
  jobType: facetUrl('2-0-4', 'JobTypeJobFacet'),
  sourceCodeLocation: facetUrl('1-1-0', 'SourceCodeLocationJobFacet'),
  errorMessage: facetUrl('1-0-1', 'ErrorMessageRunFacet'),
  tags: facetUrl('1-0-0', 'TagsRunFacet'),
  version: facetUrl('1-0-1', 'DatasetVersionDatasetFacet'),
  schema: facetUrl('1-2-0', 'SchemaDatasetFacet'),
  dataSource: facetUrl('1-0-1', 'DatasourceDatasetFacet'),
  inputStatistics: facetUrl('1-0-0', 'InputStatisticsInputDatasetFacet'),
  verity_training: `${VERITY_TRAINING_FACET_SCHEMA_ID}#/$defs/VerityTrainingRunFacet`,
} as const;

/** What Verity may know about an input dataset version beyond the run's reference to it. */
export type DatasetVersionDetails = Partial<
  Pick<DatasetVersion, 'columns' | 'rowCount' | 'sourceUri' | 'files'>
>;

/** What `buildOpenLineageRunEvents` needs besides the run. */
export interface OpenLineageOptions {
  /** URI of this Verity server or release, e.g. `https://verity.example/verity`. */
  producer: string;
  /** Namespace of the training job and of the model versions it outputs. */
  namespace: string;
  /** Namespace of the input datasets. */
  datasetNamespace: string;
  /** Schema, size and location of input dataset versions, keyed by dataset version id. */
  datasetVersions?: Readonly<Record<string, DatasetVersionDetails>>;
  /** Why a failed run failed; the registry does not record it, so only a caller can say. */
  error?: { message: string; programmingLanguage: string; stackTrace?: string };
}

/** The last event's type for each run status; `undefined`: still running, no end event yet. */
const TERMINAL_EVENT: Record<Run['status'], 'COMPLETE' | 'FAIL' | undefined> = {
  running: undefined,
  completed: 'COMPLETE',
  failed: 'FAIL',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `_producer` and `_schemaURL` of a facet, from its key. */
type FacetBase = (name: keyof typeof FACET_SCHEMA_URLS) => {
  _producer: string;
  _schemaURL: string;
};

/**
 * A START event at the run's start (its creation if it has no start time) and, unless it is still
 * running, a COMPLETE or FAIL event at its end. The events are built after the fact from the
 * stored run, so each carries the run facets as stored; inputs are on every event, outputs
 * (produced by the run) on the last. Throws `ValidationError` listing every problem that would
 * make an event invalid.
 */
export function buildOpenLineageRunEvents(
  run: Run,
  options: OpenLineageOptions,
): OpenLineageRunEvent[] {
  checkOptions(run, options);
  const { producer } = options;
  const facet: FacetBase = (name) => ({ _producer: producer, _schemaURL: FACET_SCHEMA_URLS[name] });
  const job = jobOf(run, options.namespace, facet);
  const runFacets = runFacetsOf(run, facet);
  const inputs = run.inputs.map((input) =>
    inputDataset(input, options.datasetVersions?.[input.id] ?? {}, options, facet),
  );
  const outputs = run.outputs.map((output) => outputDataset(output.ref, options.namespace, facet));
  const event = (
    eventType: OpenLineageRunEvent['eventType'],
    eventTime: string,
    last: boolean,
    error?: ErrorMessageRunFacet,
  ): OpenLineageRunEvent => ({
    eventType,
    eventTime,
    producer,
    schemaURL: OPENLINEAGE_RUN_EVENT_SCHEMA_URL,
    run: { runId: run.id, facets: { ...runFacets, ...field('errorMessage', error) } },
    job,
    ...field('inputs', inputs),
    ...field('outputs', last ? outputs : []),
  });

  const startedAt = run.startedAt ?? run.createdAt;
  const terminal = TERMINAL_EVENT[run.status];
  if (terminal === undefined) return [event('START', startedAt, true)];
  const error =
    terminal === 'FAIL' && options.error !== undefined
      ? {
          ...facet('errorMessage'),
          message: options.error.message,
          programmingLanguage: options.error.programmingLanguage,
          ...field('stackTrace', options.error.stackTrace),
        }
      : undefined;
  return [
    event('START', startedAt, false),
    // A finished run without an end time ends, as far as anyone knows, when it started.
    event(terminal, run.endedAt ?? startedAt, true, error),
  ];
}

function jobOf(run: Run, namespace: string, facet: FacetBase): OpenLineageRunEvent['job'] {
  const url = run.code === null ? undefined : gitUrl(run.code.repository);
  const location: SourceCodeLocationJobFacet | undefined =
    run.code === null || url === undefined
      ? undefined
      : {
          ...facet('sourceCodeLocation'),
          type: 'git',
          url,
          repoUrl: run.code.repository,
          version: run.code.commit,
        };
  return {
    namespace,
    name: run.name,
    facets: {
      jobType: {
        ...facet('jobType'),
        processingType: 'BATCH',
        integration: 'VERITY',
        jobType: 'TRAINING',
      },
      ...field('sourceCodeLocation', location),
    },
  };
}

function runFacetsOf(
  run: Run,
  facet: FacetBase,
): NonNullable<OpenLineageRunEvent['run']['facets']> {
  const tags = Object.entries(run.tags)
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([key, value]) => ({ key, value, source: 'VERITY' as const }));
  const training: VerityTrainingRunFacet = {
    ...facet('verity_training'),
    status: run.status,
    params: Object.fromEntries(
      Object.entries(run.params).sort(([a], [b]) => compareCodeUnits(a, b)),
    ),
    metrics: lastMetricValues(run.metrics),
    environment: { image: run.environment.image, packages: run.environment.packages },
    inputs: run.inputs.map(({ id, ref, digest }) => ({ id, ref, digest })),
    outputs: run.outputs.map(({ id, ref }) => ({ id, ref })),
    createdBy: run.createdBy,
  };
  return {
    ...field('tags', tags.length === 0 ? undefined : { ...facet('tags'), tags }),
    verity_training: training,
  };
}

function inputDataset(
  input: Run['inputs'][number],
  details: DatasetVersionDetails,
  options: OpenLineageOptions,
  facet: FacetBase,
): OpenLineageInputDataset {
  const { name, version } = datasetName(input.ref);
  const { columns = [], files, rowCount, sourceUri } = details;
  const statistics = {
    ...field('rowCount', rowCount),
    ...field(
      'size',
      files?.reduce((sum, f) => sum + f.size, 0),
    ),
    ...field('fileCount', files?.length),
  };
  return {
    namespace: options.datasetNamespace,
    name,
    ...field('facets', {
      ...field(
        'version',
        version === undefined ? undefined : { ...facet('version'), datasetVersion: version },
      ),
      ...field(
        'schema',
        columns.length === 0
          ? undefined
          : { ...facet('schema'), fields: columns.map((c) => ({ name: c.name, type: c.type })) },
      ),
      ...field(
        'dataSource',
        typeof sourceUri === 'string' && isAbsoluteUri(sourceUri)
          ? { ...facet('dataSource'), uri: sourceUri }
          : undefined,
      ),
    }),
    ...field(
      'inputFacets',
      Object.keys(statistics).length === 0
        ? undefined
        : { inputStatistics: { ...facet('inputStatistics'), ...statistics } },
    ),
  };
}

/** A model version as an output dataset: `models/<namespace>/<name>`, versioned by its label. */
function outputDataset(ref: string, namespace: string, facet: FacetBase): OpenLineageOutputDataset {
  const parsed = parseRef(ref);
  if (parsed === undefined) return { namespace, name: ref };
  const version =
    parsed.ref === undefined ? undefined : { ...facet('version'), datasetVersion: parsed.ref };
  return {
    namespace,
    name: `models/${parsed.namespace}/${parsed.name}`,
    ...field('facets', field('version', version)),
  };
}

function checkOptions(run: Run, options: OpenLineageOptions): void {
  const issues: Issue[] = [];
  const problem = (path: string, message: string) =>
    issues.push({ code: 'invalid_value', path: [path], message });
  if (!isAbsoluteUri(options.producer)) problem('producer', 'must be an absolute URI');
  if (options.namespace.trim() === '') problem('namespace', 'must not be empty');
  if (options.datasetNamespace.trim() === '') problem('datasetNamespace', 'must not be empty');
  if (options.error !== undefined && options.error.programmingLanguage.trim() === '')
    problem('error', 'programmingLanguage must not be empty');
  if (!UUID.test(run.id)) problem('run.id', 'must be a UUID (OpenLineage runId)');
  if (issues.length > 0) throw new ValidationError('cannot export run to OpenLineage', issues);
}

/** `<namespace>/<name>` and the version label of a dataset reference like `ns/name@label`. */
function datasetName(ref: string): { name: string; version?: string } {
  const parsed = parseRef(ref);
  if (parsed === undefined) return { name: ref };
  const name = `${parsed.namespace}/${parsed.name}`;
  return parsed.ref === undefined ? { name } : { name, version: parsed.ref };
}

function lastMetricValues(metrics: Run['metrics']): VerityTrainingRunFacet['metrics'] {
  const last = new Map<string, { key: string; value: number; step: number }>();
  for (const { key, value, step } of metrics) {
    const seen = last.get(key);
    if (seen === undefined || step >= seen.step) last.set(key, { key, value, step });
  }
  return [...last.values()].sort((a, b) => compareCodeUnits(a.key, b.key));
}
