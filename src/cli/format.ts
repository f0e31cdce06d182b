import type {
  AliasEvent,
  Dataset,
  DatasetLineage,
  DatasetVersion,
  Deployment,
  Model,
  ModelVersion,
  Run,
  VersionLineage,
} from '../registry/schemas.js';
import {
  fields,
  formatBytes,
  formatMap,
  formatTime,
  renderTree,
  shortDigest,
  table,
  type TreeNode,
} from './output.js';

/**
 * Human renderings of the API's records. Pure (record in, text out) so the wording can be
 * checked without a server; the JSON form is what scripts should rely on.
 */

export function modelRef(model: Pick<Model, 'namespace' | 'name'>): string {
  return model.namespace === 'default' ? model.name : `${model.namespace}/${model.name}`;
}

const versionOf = (v: { seq: number; label: string } | null): string =>
  v === null ? '-' : `${v.label} (#${v.seq})`;

export function modelsTable(models: readonly Model[]): string {
  if (models.length === 0) return '(no models)';
  return table(
    ['model', 'latest', 'risk tier', 'owner', 'aliases', 'updated'],
    models.map((m) => [
      modelRef(m),
      versionOf(m.latestVersion),
      m.riskTier ?? '-',
      m.owner,
      aliasesOf(m.aliases),
      formatTime(m.updatedAt),
    ]),
  );
}

export function modelDetail(model: Model): string {
  return fields([
    ['model', modelRef(model)],
    ['id', model.id],
    ['description', model.description || '-'],
    ['owner', model.owner],
    ['use case', model.useCase || '-'],
    ['risk tier', model.riskTier ?? '-'],
    ['tags', formatMap(model.tags)],
    ['latest', versionOf(model.latestVersion)],
    ['aliases', aliasesOf(model.aliases)],
    ['created', `${formatTime(model.createdAt)} by ${model.createdBy}`],
    ['updated', formatTime(model.updatedAt)],
  ]);
}

function aliasesOf(aliases: Record<string, number>): string {
  const entries = Object.entries(aliases);
  return entries.length === 0 ? '-' : entries.map(([a, seq]) => `${a}→#${seq}`).join(', ');
}

export function versionsTable(versions: readonly ModelVersion[]): string {
  if (versions.length === 0) return '(no versions)';
  return table(
    ['#', 'label', 'format', 'files', 'size', 'aliases', 'author', 'created'],
    versions.map((v) => [
      String(v.seq),
      v.label,
      v.format,
      String(v.files.length),
      formatBytes(v.files.reduce((sum, f) => sum + f.size, 0)),
      v.aliases.join(', ') || '-',
      v.author,
      formatTime(v.createdAt),
    ]),
  );
}

export function versionDetail(version: ModelVersion): string {
  return [
    fields([
      ['version', `${version.model}@${version.label}`],
      ['seq', String(version.seq)],
      ['id', version.id],
      ['format', version.format],
      ['description', version.description || '-'],
      ['aliases', version.aliases.join(', ') || '-'],
      ['run', version.runId ?? '-'],
      ['metrics', formatMap(version.metrics)],
      ['params', formatMap(version.params)],
      ['tags', formatMap(version.tags)],
      ['author', version.author],
      ['created', formatTime(version.createdAt)],
    ]),
    '',
    filesTable(version.files),
  ].join('\n');
}

/** Full digests here: this is the listing people compare against files they hold. */
export function filesTable(
  files: readonly { path: string; size: number; digest: string }[],
): string {
  return table(
    ['path', 'size', 'digest'],
    files.map((f) => [f.path, formatBytes(f.size), f.digest]),
  );
}

export function aliasHistoryTable(events: readonly AliasEvent[]): string {
  if (events.length === 0) return '(no alias changes)';
  return table(
    ['alias', 'version', 'previous', 'actor', 'at'],
    events.map((e) => [
      e.alias,
      e.version === null ? '(removed)' : versionOf(e.version),
      versionOf(e.previous),
      e.actor,
      formatTime(e.at),
    ]),
  );
}

export function datasetsTable(datasets: readonly Dataset[]): string {
  if (datasets.length === 0) return '(no datasets)';
  return table(
    ['dataset', 'latest', 'owner', 'tags', 'created'],
    datasets.map((d) => [
      modelRef(d),
      versionOf(d.latestVersion),
      d.owner,
      formatMap(d.tags),
      formatTime(d.createdAt),
    ]),
  );
}

export function datasetDetail(dataset: Dataset, versions: readonly DatasetVersion[]): string {
  return [
    fields([
      ['dataset', modelRef(dataset)],
      ['id', dataset.id],
      ['description', dataset.description || '-'],
      ['owner', dataset.owner],
      ['tags', formatMap(dataset.tags)],
      ['created', `${formatTime(dataset.createdAt)} by ${dataset.createdBy}`],
    ]),
    '',
    versions.length === 0
      ? '(no versions)'
      : table(
          ['#', 'label', 'files', 'rows', 'digest', 'created'],
          versions.map((v) => [
            String(v.seq),
            v.label,
            String(v.files.length),
            v.rowCount === null ? '-' : String(v.rowCount),
            shortDigest(v.digest),
            formatTime(v.createdAt),
          ]),
        ),
  ].join('\n');
}

export function datasetVersionDetail(version: DatasetVersion): string {
  return [
    fields([
      ['dataset', `${version.dataset}@${version.label}`],
      ['seq', String(version.seq)],
      ['id', version.id],
      ['digest', version.digest],
      ['rows', version.rowCount === null ? '-' : String(version.rowCount)],
      ['columns', version.columns.map((c) => `${c.name}:${c.type}`).join(', ') || '-'],
      ['source', version.sourceUri ?? '-'],
      ['tags', formatMap(version.tags)],
      ['created', `${formatTime(version.createdAt)} by ${version.createdBy}`],
    ]),
    '',
    filesTable(version.files),
  ].join('\n');
}

export function runsTable(runs: readonly Run[]): string {
  if (runs.length === 0) return '(no runs)';
  return table(
    ['id', 'name', 'status', 'inputs', 'created', 'by'],
    runs.map((r) => [
      r.id,
      r.name,
      r.status,
      r.inputs.map((i) => i.ref).join(', ') || '-',
      formatTime(r.createdAt),
      r.createdBy,
    ]),
  );
}

export function runDetail(run: Run): string {
  const latest = new Map<string, { step: number; value: number }>();
  for (const m of run.metrics) {
    const seen = latest.get(m.key);
    if (seen === undefined || m.step >= seen.step) latest.set(m.key, m);
  }
  return fields([
    ['run', run.id],
    ['name', run.name],
    ['status', run.status],
    ['params', formatMap(run.params)],
    [
      'metrics',
      latest.size === 0
        ? '-'
        : [...latest]
            .map(([k, m]) => `${k}=${m.value}${m.step > 0 ? ` (step ${m.step})` : ''}`)
            .join(', '),
    ],
    ['code', run.code === null ? '-' : `${run.code.repository}@${run.code.commit}`],
    ['image', run.environment.image ?? '-'],
    ['packages', run.environment.packages.join(', ') || '-'],
    ['inputs', run.inputs.map((i) => i.ref).join(', ') || '-'],
    ['outputs', run.outputs.map((o) => o.ref).join(', ') || '-'],
    ['tags', formatMap(run.tags)],
    ['started', formatTime(run.startedAt)],
    ['ended', formatTime(run.endedAt)],
    ['created', `${formatTime(run.createdAt)} by ${run.createdBy}`],
  ]);
}

export function deploymentsTable(deployments: readonly Deployment[]): string {
  if (deployments.length === 0) return '(no deployments)';
  return table(
    ['environment', 'model', 'version', 'kind', 'actor', 'deployed', 'reason'],
    deployments.map((d) => [
      d.environment,
      d.model,
      versionOf(d.version),
      d.kind,
      d.actor,
      formatTime(d.deployedAt),
      d.reason || '-',
    ]),
  );
}

export function deploymentLine(d: Deployment): string {
  const version = `${d.model}@${d.version.label} (#${d.version.seq})`;
  return d.kind === 'rollback'
    ? `Rolled ${d.environment} back to ${version} (deployment ${d.id})`
    : `Deployed ${version} to ${d.environment} (deployment ${d.id})`;
}

/** Upstream of a model version: files, then the run and what it read. */
export function versionLineageTree(lineage: VersionLineage): string {
  const children: TreeNode[] = [
    {
      label: `files (${lineage.version.files.length})`,
      children: lineage.version.files.map((f) => ({
        label: `${f.path}  ${formatBytes(f.size)}  ${shortDigest(f.digest)}`,
      })),
    },
  ];
  const run = lineage.run;
  if (run === null) {
    children.push({ label: 'run: none recorded' });
  } else {
    children.push({
      label: `run ${run.name} (${run.status})  ${run.id}`,
      children: [
        {
          label: `code: ${lineage.code === null ? 'not recorded' : `${lineage.code.repository}@${lineage.code.commit}`}`,
        },
        { label: `image: ${lineage.image ?? 'not recorded'}` },
        {
          label: `datasets (${lineage.datasets.length})`,
          children: lineage.datasets.map((d) => ({
            label: `${d.dataset}@${d.label}  ${shortDigest(d.digest)}${d.rowCount === null ? '' : `  ${d.rowCount} rows`}`,
          })),
        },
      ],
    });
  }
  return renderTree({ label: `${lineage.version.ref}  ${lineage.version.id}`, children });
}

/** Downstream of a dataset version: the runs that read it and the versions they produced. */
export function datasetLineageTree(lineage: DatasetLineage): string {
  const dv = lineage.datasetVersion;
  return renderTree({
    label: `${dv.dataset}@${dv.label}  ${shortDigest(dv.digest)}`,
    children:
      lineage.runs.length === 0
        ? [{ label: 'no runs have read this version' }]
        : lineage.runs.map((run) => {
            const produced = lineage.modelVersions.filter((v) => v.runId === run.id);
            return {
              label: `run ${run.name} (${run.status})  ${run.id}`,
              children:
                produced.length === 0
                  ? [{ label: 'no model versions' }]
                  : produced.map((v) => ({ label: `model ${v.ref}` })),
            };
          }),
  });
}
