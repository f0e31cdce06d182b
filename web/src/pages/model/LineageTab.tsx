import { useState, type KeyboardEvent } from 'react';
import type { VersionLineage } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { StatusBadge } from '../../components/badge.js';
import { Digest, formatBytes, formatNumber, Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView } from '../../components/states.js';
import {
  commitUrl,
  KIND_LABELS,
  lineageLayout,
  type LineageLayout,
  type LineageNode,
} from './lineage-layout.js';
import type { VersionContext } from './ModelVersionPage.js';

/** Where the version came from: the data, code and environment of its training run. */
export function LineageTab({ context }: { context: VersionContext }) {
  const { state, reload } = useApi(
    () => api.versionLineage(context.modelRef, context.version.label),
    [context.modelRef, context.version.id],
  );
  return (
    <AsyncView state={state} retry={reload} label="Loading the lineage">
      {(lineage) => <Lineage context={context} lineage={lineage} />}
    </AsyncView>
  );
}

function Lineage({ context, lineage }: { context: VersionContext; lineage: VersionLineage }) {
  const layout = lineageLayout(lineage, context.version);
  const [selected, setSelected] = useState(lineage.run === null ? 'version' : 'run');
  const node = layout.nodes.find((n) => n.id === selected) ?? layout.nodes.at(-1)!;
  return (
    <div className="stack">
      <Section id="lineage-graph" title="Lineage graph">
        {lineage.run === null ? (
          <p className="notice notice-warn lineage-missing">
            No training run is linked to this version, so its data, code and training environment
            are not on record. A version registered with <code>--run &lt;id&gt;</code> links to the
            run that produced it, and through it to that data, code and environment.
          </p>
        ) : (
          <p className="muted small">
            Left to right: what went into the training run, the run, and the version it produced.
            Select a box (or focus it and press Enter) to see its details.
          </p>
        )}
        <div className="lineage-scroll">
          <LineageGraph layout={layout} selected={node.id} onSelect={setSelected} />
        </div>
        <NodeDetails node={node} lineage={lineage} />
      </Section>
      <Section id="lineage-list" title="Lineage as a list">
        <LineageList lineage={lineage} />
      </Section>
    </div>
  );
}

function LineageGraph({
  layout,
  selected,
  onSelect,
}: {
  layout: LineageLayout;
  selected: string;
  onSelect: (id: string) => void;
}) {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const key = (id: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };
  return (
    <svg
      className="lineage-graph"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      style={{ minWidth: `${Math.min(layout.width, 600)}px` }}
      role="group"
      aria-label={`Lineage graph: ${layout.nodes.length} nodes. ${layout.edges
        .map((e) => `${byId.get(e.from)?.title ?? e.from} feeds ${byId.get(e.to)?.title ?? e.to}`)
        .join('; ')}.`}
    >
      <defs>
        <marker
          id="lineage-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0 L10 5 L0 10 z" fill="var(--ink-3)" />
        </marker>
      </defs>
      {layout.edges.map((e) => (
        <path
          key={`${e.from}-${e.to}`}
          d={e.path}
          className="lineage-edge"
          markerEnd="url(#lineage-arrow)"
        />
      ))}
      {layout.nodes.map((n) => (
        <g
          key={n.id}
          className={`lineage-node kind-${n.kind}`}
          transform={`translate(${n.x} ${n.y})`}
          role="button"
          tabIndex={0}
          aria-pressed={n.id === selected}
          aria-label={`${KIND_LABELS[n.kind]}: ${n.title}, ${n.subtitle}`}
          data-node={n.id}
          onClick={() => onSelect(n.id)}
          onKeyDown={key(n.id)}
        >
          <rect width={n.width} height={n.height} rx={8} className="lineage-box" />
          <rect width={6} height={n.height} rx={3} className="lineage-stripe" />
          <text x={16} y={19} className="lineage-kind">
            {KIND_LABELS[n.kind].toUpperCase()}
          </text>
          <text x={16} y={40} className="lineage-title">
            {n.shortTitle}
          </text>
          <text x={16} y={58} className="lineage-subtitle">
            {n.shortSubtitle}
          </text>
        </g>
      ))}
    </svg>
  );
}

function NodeDetails({ node, lineage }: { node: LineageNode; lineage: VersionLineage }) {
  return (
    <div className="lineage-details" aria-live="polite">
      <h3>
        {KIND_LABELS[node.kind]}: {node.title}
      </h3>
      <NodeFacts node={node} lineage={lineage} />
    </div>
  );
}

function NodeFacts({ node, lineage }: { node: LineageNode; lineage: VersionLineage }) {
  if (node.kind === 'dataset') {
    const d = lineage.datasets.find((x) => `dataset:${x.id}` === node.id);
    if (d === undefined) return null;
    return (
      <dl className="mini-facts">
        <dt>Digest</dt>
        <dd>
          <Digest value={d.digest} />
        </dd>
        <dt>Rows</dt>
        <dd>{formatNumber(d.rowCount)}</dd>
        <dt>Columns</dt>
        <dd>{d.columns.map((c) => `${c.name} (${c.type})`).join(', ') || '—'}</dd>
        <dt>Files</dt>
        <dd>{d.files.map((f) => `${f.path} (${formatBytes(f.size)})`).join(', ') || '—'}</dd>
        <dt>Source</dt>
        <dd>{d.sourceUri === null ? '—' : <code>{d.sourceUri}</code>}</dd>
        <dt>Registered</dt>
        <dd>
          <Time iso={d.createdAt} mode="date" /> by {d.createdBy}
        </dd>
        {Object.keys(d.tags).length === 0 ? null : (
          <>
            <dt>Tags</dt>
            <dd>
              {Object.entries(d.tags)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}
            </dd>
          </>
        )}
      </dl>
    );
  }
  if (node.kind === 'code' && lineage.code !== null) {
    const url = commitUrl(lineage.code.repository, lineage.code.commit);
    return (
      <dl className="mini-facts">
        <dt>Repository</dt>
        <dd>
          <code>{lineage.code.repository}</code>
        </dd>
        <dt>Commit</dt>
        <dd>
          <code>{lineage.code.commit}</code>
          {url === undefined ? null : (
            <>
              {' '}
              <a href={url} target="_blank" rel="noopener noreferrer">
                Open the commit
              </a>
            </>
          )}
        </dd>
      </dl>
    );
  }
  if (node.kind === 'image' && lineage.image !== null) {
    return (
      <dl className="mini-facts">
        <dt>Image digest</dt>
        <dd>
          <Digest value={lineage.image} length={20} />
        </dd>
        <dt>Packages</dt>
        <dd>{lineage.run?.environment.packages.join(', ') || '—'}</dd>
      </dl>
    );
  }
  if (node.kind === 'run' && lineage.run !== null) {
    const run = lineage.run;
    return (
      <dl className="mini-facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={run.status} />
        </dd>
        <dt>Ran</dt>
        <dd>
          <Time iso={run.startedAt} mode="datetime" /> to <Time iso={run.endedAt} mode="datetime" />
        </dd>
        <dt>Recorded by</dt>
        <dd>{run.createdBy}</dd>
        <dt>Inputs</dt>
        <dd>{run.inputs.map((i) => i.ref).join(', ') || '—'}</dd>
        <dt>Outputs</dt>
        <dd>{run.outputs.map((o) => o.ref).join(', ') || '—'}</dd>
        {Object.keys(run.tags).length === 0 ? null : (
          <>
            <dt>Tags</dt>
            <dd>
              {Object.entries(run.tags)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')}
            </dd>
          </>
        )}
        <dt>Run id</dt>
        <dd>
          <code>{run.id}</code>
        </dd>
      </dl>
    );
  }
  return (
    <dl className="mini-facts">
      <dt>Reference</dt>
      <dd>
        <code>{lineage.version.ref}</code>
      </dd>
      <dt>Files</dt>
      <dd>
        {lineage.version.files.map((f) => f.path).join(', ') || '—'} (digests in the Artifacts tab)
      </dd>
    </dl>
  );
}

/** The same lineage as nested lists, for reading rather than looking. */
function LineageList({ lineage }: { lineage: VersionLineage }) {
  const run = lineage.run;
  if (run === null) {
    return (
      <p>
        <code>{lineage.version.ref}</code> has no recorded training run, dataset, code commit or
        container image.
      </p>
    );
  }
  return (
    <ol className="lineage-list">
      <li>
        <strong>Inputs</strong> of the training run:
        <ul>
          {lineage.datasets.map((d) => (
            <li key={d.id}>
              Dataset version <code>{`${d.dataset}@${d.label}`}</code>
              {d.rowCount === null ? '' : `, ${formatNumber(d.rowCount)} rows`}, digest{' '}
              <code>{d.digest.slice(0, 19)}…</code>
            </li>
          ))}
          {lineage.code === null ? (
            <li>No code commit recorded.</li>
          ) : (
            <li>
              Code commit <code>{lineage.code.commit.slice(0, 12)}</code> of{' '}
              <code>{lineage.code.repository}</code>
            </li>
          )}
          {lineage.image === null ? (
            <li>No container image recorded.</li>
          ) : (
            <li>
              Container image <code>{lineage.image.slice(0, 19)}…</code>
            </li>
          )}
        </ul>
      </li>
      <li>
        <strong>Training run</strong> <code>{run.name}</code> ({run.status}), recorded by{' '}
        {run.createdBy}.
      </li>
      <li>
        <strong>Produced</strong> the model version <code>{lineage.version.ref}</code>.
      </li>
    </ol>
  );
}
