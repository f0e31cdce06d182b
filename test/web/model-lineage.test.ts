import { describe, expect, it } from 'vitest';
import type { DatasetVersion, Run, VersionLineage } from '../../src/client/index.js';
import {
  commitUrl,
  fit,
  lineageLayout,
  NODE_HEIGHT,
  NODE_WIDTH,
  repositoryName,
} from '../../web/src/pages/model/lineage-layout.js';

const dataset = (label: string, rows: number | null): DatasetVersion => ({
  id: `d-${label}`,
  dataset: 'credit-applications',
  datasetId: 'd',
  seq: 1,
  label,
  digest: 'sha256:aa',
  files: [],
  columns: [],
  rowCount: rows,
  sourceUri: null,
  tags: {},
  createdAt: '2026-09-08T09:20:00.000Z',
  createdBy: 'maria.chen',
});

const run: Run = {
  id: 'r1',
  name: 'credit-risk-gbm-2025q4',
  status: 'completed',
  params: {},
  metrics: [],
  code: {
    repository: 'https://github.com/northwind-lending/credit-risk-models',
    commit: 'b66f3055b28ecf53199231a362874b43b8dd4c07',
  },
  environment: {
    image: 'sha256:c9207ffad31a8394f08397221fd530831f7298df572214db57a560c0ca0fc448',
    packages: [],
  },
  inputs: [],
  outputs: [],
  tags: {},
  startedAt: '2026-10-24T14:02:00.000Z',
  endedAt: '2026-10-24T15:31:00.000Z',
  createdAt: '2026-10-24T15:40:00.000Z',
  createdBy: 'maria.chen',
};

const full: VersionLineage = {
  version: { id: 'v2', ref: 'credit-risk@1.1.0', files: [] },
  run,
  datasets: [dataset('2025-q3', 4816), dataset('2025-q4', 5274)],
  code: run.code,
  image: run.environment.image,
};
const version = { label: '1.1.0', format: 'onnx', aliases: ['champion'] };

describe('lineage graph layout', () => {
  it('lays inputs, the run and the version out left to right', () => {
    const layout = lineageLayout(full, version);
    expect(layout.nodes.map((n) => [n.kind, n.column])).toEqual([
      ['dataset', 0],
      ['dataset', 0],
      ['code', 0],
      ['image', 0],
      ['run', 1],
      ['version', 2],
    ]);
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    const runNode = byId.get('run')!;
    const versionNode = byId.get('version')!;
    expect(runNode.x).toBeGreaterThan(byId.get('code')!.x + NODE_WIDTH);
    expect(versionNode.x).toBeGreaterThan(runNode.x + NODE_WIDTH);
    // Single nodes sit in the middle of the tallest column.
    expect(runNode.y + NODE_HEIGHT / 2).toBeCloseTo(layout.height / 2);
    // Inputs of a column never overlap.
    const inputs = layout.nodes.filter((n) => n.column === 0);
    for (let i = 1; i < inputs.length; i += 1) {
      expect(inputs[i]!.y).toBeGreaterThanOrEqual(inputs[i - 1]!.y + NODE_HEIGHT);
    }
    expect(layout.width).toBeGreaterThanOrEqual(versionNode.x + NODE_WIDTH);
  });

  it('labels every node with what it is', () => {
    const layout = lineageLayout(full, version);
    const titles = layout.nodes.map((n) => `${n.title} | ${n.subtitle}`);
    expect(titles).toEqual([
      'credit-applications@2025-q3 | 4,816 rows',
      'credit-applications@2025-q4 | 5,274 rows',
      'credit-risk-models | commit b66f3055b28e',
      'sha256:c9207ffad31a… | training environment',
      'credit-risk-gbm-2025q4 | completed · 2026-10-24',
      'credit-risk@1.1.0 | onnx · champion',
    ]);
  });

  it('joins every input to the run, and the run to the version', () => {
    const layout = lineageLayout(full, version);
    expect(layout.edges.map((e) => `${e.from}->${e.to}`)).toEqual([
      'dataset:d-2025-q3->run',
      'dataset:d-2025-q4->run',
      'code->run',
      'image->run',
      'run->version',
    ]);
    expect(layout.edges[0]!.path).toMatch(/^M\d+(\.\d+)? \d+(\.\d+)? C/);
  });

  it('shows the version alone when no run is recorded', () => {
    const layout = lineageLayout(
      {
        version: { id: 'v', ref: 'payments/fraud-screening@1.0.0', files: [] },
        run: null,
        datasets: [],
        code: null,
        image: null,
      },
      { label: '1.0.0', format: 'other', aliases: [] },
    );
    expect(layout.nodes).toHaveLength(1);
    expect(layout.nodes[0]!.column).toBe(0);
    expect(layout.edges).toEqual([]);
    expect(layout.width).toBe(NODE_WIDTH + 12);
  });

  it('shortens long labels and names repositories and commits', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abc', 4)).toBe('abc');
    expect(repositoryName('https://github.com/org/repo.git')).toBe('repo');
    expect(commitUrl('https://github.com/org/repo', 'abc')).toBe(
      'https://github.com/org/repo/commit/abc',
    );
    expect(commitUrl('https://gitlab.com/org/repo', 'abc')).toBe(
      'https://gitlab.com/org/repo/-/commit/abc',
    );
    expect(commitUrl('git@github.com:org/repo.git', 'abc')).toBeUndefined();
  });
});
