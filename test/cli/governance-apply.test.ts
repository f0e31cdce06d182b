import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseGovernanceFiles,
  formatProblem,
  type GovernanceFile,
  type GovernanceObject,
} from '../../src/cli/apply/governance-objects.js';
import {
  planChangesServer,
  planGovernance,
  planText,
  referenceProblems,
  type ServerState,
} from '../../src/cli/apply/governance-plan.js';
import { loadPolicyPack } from '../../src/policy/index.js';
import { ROOT } from './run-cli.js';

const EXAMPLE = join(ROOT, 'examples', 'governance');

/** The example directory as apply reads it: every *.yaml, recursively, in sorted order. */
function exampleFiles(): GovernanceFile[] {
  const files: GovernanceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) {
        files.push({ path: path.slice(ROOT.length), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(EXAMPLE);
  return files;
}

const PACK = `apiVersion: verity.dev/v1
kind: PolicyPack
name: team-pack
description: A test pack
rules:
  - id: owner-set
    description: The model has an owner
    controls: [C1]
    severity: blocking
    require: model.owner != ''
    message: no owner
`;

function parsed(...texts: string[]): ReturnType<typeof parseGovernanceFiles> {
  return parseGovernanceFiles(texts.map((text, i) => ({ path: `f${i + 1}.yaml`, text })));
}

function objectsOf(...texts: string[]): GovernanceObject[] {
  const result = parsed(...texts);
  expect(result.problems).toEqual([]);
  return result.objects;
}

describe('reading governance files', () => {
  it('reads the example directory: every kind, no problems', () => {
    const { objects, problems } = parseGovernanceFiles(exampleFiles());
    expect(problems).toEqual([]);
    const count = (kind: string) => objects.filter((o) => o.kind === kind).length;
    expect(
      ['Namespace', 'Role', 'PolicyPack', 'Environment', 'RoleBinding', 'Webhook'].map(count),
    ).toEqual([2, 1, 1, 3, 6, 1]);
    const production = objects.find((o) => o.kind === 'Environment' && o.name === 'production');
    expect(production).toMatchObject({
      spec: {
        rank: 2,
        policyPacks: ['baseline', 'credit-scoring', 'bank-model-risk'],
        quorum: { 'risk-officer': 1, maintainer: 1 },
        approvalTtlDays: 30,
        freezeOnApproval: true,
      },
      origin: { file: 'examples/governance/environments.yaml', document: 3 },
    });
  });

  it('applies the server’s defaults to fields left out', () => {
    const [env, binding, hook] = objectsOf(
      'kind: Environment\nname: sandbox\nrank: 0\n',
      'kind: RoleBinding\nsubject: user:ana\nrole: viewer\n',
      'kind: Webhook\nname: h\nurl: https://example.com/h\neventTypes: ["*"]\n',
    );
    expect(env).toMatchObject({
      spec: {
        description: '',
        rank: 0,
        policyPacks: [],
        quorum: {},
        approvalTtlDays: 30,
        freezeOnApproval: false,
      },
    });
    expect(binding).toMatchObject({ namespace: '*', name: 'user:ana viewer@*' });
    expect(hook).toMatchObject({ active: true });
  });

  it('publishes a pack from a multi-document file as its own document, with the same digest', () => {
    const text = `kind: Namespace\nname: credit\n---\n${PACK}---\nkind: Namespace\nname: fraud\n`;
    const objects = objectsOf(text);
    const pack = objects.find((o) => o.kind === 'PolicyPack');
    expect(pack?.kind === 'PolicyPack' && pack.source).toBe(`---\n${PACK}`);
    const alone = loadPolicyPack(PACK);
    expect(alone.ok && pack?.kind === 'PolicyPack' && pack.digest === alone.pack.digest).toBe(true);
    expect(objects.map((o) => o.origin.document)).toEqual([1, 2, 3]);
  });

  it('publishes a single-document pack file byte for byte', () => {
    const [pack] = objectsOf(`# our pack\n${PACK}`);
    expect(pack?.kind === 'PolicyPack' && pack.source).toBe(`# our pack\n${PACK}`);
  });

  it('reports a pack’s CEL errors at their line in the file, not in the document', () => {
    const bad = PACK.replace("model.owner != ''", "model.ownr != ''");
    const { problems } = parsed(`kind: Namespace\nname: credit\n---\n${bad}`);
    expect(problems).toHaveLength(1);
    // The expression is on line 10 of the pack, which starts on line 4 of the file (after ---).
    expect(problems[0]).toMatchObject({
      file: 'f1.yaml',
      document: 2,
      line: 13,
      code: 'POLICY_INVALID',
      path: 'rules.0.require',
    });
    expect(problems[0]?.message).toContain('ownr');
  });

  it('lists every problem of every file at once, each with its file and document', () => {
    const { problems } = parsed(
      [
        'kind: Enviroment\nname: x', // unknown kind
        'name: nokind', // no kind
        'kind: Environment\nname: staging\ndescription: 3\n', // missing rank, wrong type
        'kind: Environment\nname: qa\nrank: 1\npolicypacks: [baseline]', // misspelt field
        'kind: Role\nname: admin\npermissions: [registry:read]', // built-in role name
        'kind: Role\nname: r\npermissions: [registry:fly]', // unknown permission
        'kind: Webhook\nname: h\nurl: https://x.example/h\neventTypes: ["*"]\nsecret: whsec_x',
        'kind: RoleBinding\nsubject: ana\nrole: viewer', // subject without user:/group:
        'kind: Environment\nname: prod\nrank: 1',
      ].join('\n---\n'),
      'kind: Environment\nname: prod\nrank: 2\n', // duplicate of f1.yaml#9
      'kind: Namespace\nname: [unclosed\n', // YAML syntax
    );
    const summary = problems.map((p) => [p.file, p.document, p.code, p.path]);
    expect(summary).toEqual([
      ['f1.yaml', 1, 'UNKNOWN_KIND', 'kind'],
      ['f1.yaml', 2, 'UNKNOWN_KIND', ''],
      ['f1.yaml', 3, 'SCHEMA', 'description'],
      ['f1.yaml', 3, 'SCHEMA', 'rank'],
      ['f1.yaml', 4, 'SCHEMA', 'policypacks'],
      ['f1.yaml', 5, 'SCHEMA', 'name'],
      ['f1.yaml', 6, 'SCHEMA', 'permissions.0'],
      ['f1.yaml', 7, 'SCHEMA', 'secret'],
      ['f1.yaml', 8, 'SCHEMA', 'subject'],
      ['f3.yaml', 1, 'YAML_SYNTAX', ''],
      ['f2.yaml', 1, 'DUPLICATE', 'name'],
    ]);
    expect(problems.find((p) => p.code === 'DUPLICATE')?.message).toBe(
      "Environment 'prod' is already declared in f1.yaml (document 9)",
    );
    expect(formatProblem(problems[0]!)).toBe(
      "f1.yaml#1 1:1 [UNKNOWN_KIND] kind: unknown kind 'Enviroment'; expected one of Namespace, Role, PolicyPack, Environment, RoleBinding, Webhook, Monitor",
    );
  });

  it('reports a directory without YAML files', () => {
    expect(parseGovernanceFiles([]).problems.map((p) => p.code)).toEqual(['EMPTY']);
  });
});

describe('planning', () => {
  const env = (name: string, extra = '') => `kind: Environment\nname: ${name}\nrank: 1\n${extra}`;

  it('creates what is missing, updates what differs (naming each field), leaves the rest', () => {
    const objects = objectsOf(
      env('staging', 'policyPacks: [baseline]\nquorum: { maintainer: 1, risk-officer: 1 }\n'),
      env('qa'),
      'kind: Role\nname: validator\npermissions: [governance:read, audit:read]\n',
    );
    const server: ServerState = {
      environments: [
        {
          name: 'staging',
          description: '',
          rank: 2,
          policyPacks: ['baseline'],
          // Key order is not a difference.
          quorum: { 'risk-officer': 1, maintainer: 1 },
          approvalTtlDays: 30,
          freezeOnApproval: false,
        },
      ],
      // Stored sorted: the directory's order is not a difference either.
      roles: [
        {
          name: 'validator',
          description: '',
          permissions: ['audit:read', 'governance:read'],
          builtin: false,
        },
        { name: 'viewer', description: '', permissions: [], builtin: true },
      ],
      policyPacks: [{ name: 'baseline', version: 1, digest: 'sha256:aa' }],
    };
    const plan = planGovernance(objects, server, { prune: false });
    expect(plan.changes.map((c) => [c.action, c.kind, c.name, c.fields])).toEqual([
      ['unchanged', 'Role', 'validator', []],
      ['create', 'Environment', 'qa', []],
      ['update', 'Environment', 'staging', [{ field: 'rank', from: 2, to: 1 }]],
    ]);
    expect(planChangesServer(plan)).toBe(true);
    expect(planText(plan)).toBe(
      [
        '= unchanged  Role validator',
        '+ create     Environment qa',
        '~ update     Environment staging',
        '      rank: 2 → 1',
        '',
        '1 to create, 1 to update, 1 unchanged',
      ].join('\n'),
    );
  });

  it('compares packs by digest and webhooks’ event types as a set', () => {
    const objects = objectsOf(
      PACK,
      'kind: Webhook\nname: h\nurl: https://x.example/h\neventTypes: [b-x, a-y]\n',
    );
    const digest = objects.find((o) => o.kind === 'PolicyPack')!;
    const same: ServerState = {
      policyPacks: [
        {
          name: 'team-pack',
          version: 3,
          digest: digest.kind === 'PolicyPack' ? digest.digest : '',
        },
      ],
      webhooks: [
        { name: 'h', url: 'https://x.example/h', eventTypes: ['a-y', 'b-x'], active: true },
      ],
    };
    const unchanged = planGovernance(objects, same, { prune: false });
    expect(unchanged.summary).toEqual({ create: 0, update: 0, unchanged: 2, extra: 0, delete: 0 });
    expect(planChangesServer(unchanged)).toBe(false);
    const changed = planGovernance(
      objects,
      { ...same, policyPacks: [{ name: 'team-pack', version: 3, digest: 'sha256:old' }] },
      { prune: false },
    );
    expect(changed.changes[0]).toMatchObject({ action: 'update', fields: [{ field: 'digest' }] });
  });

  it('reports extras without deleting them, and deletes only prunable ones with prune', () => {
    const objects = objectsOf(
      'kind: RoleBinding\nsubject: user:ana\nrole: viewer\n',
      'kind: Webhook\nname: keep\nurl: https://x.example/h\neventTypes: ["*"]\n',
      env('prod', 'policyPacks: [baseline]\n'),
    );
    const server: ServerState = {
      bindings: [
        { subject: 'user:ana', role: 'viewer', namespace: '*' },
        { subject: 'user:old', role: 'viewer', namespace: 'credit' },
        { subject: 'user:me', role: 'admin', namespace: '*' },
      ],
      webhooks: [
        { name: 'keep', url: 'https://x.example/h', eventTypes: ['*'], active: true },
        { name: 'gone', url: 'https://x.example/g', eventTypes: ['*'], active: true },
      ],
      environments: [
        {
          name: 'prod',
          description: '',
          rank: 1,
          policyPacks: ['baseline'],
          quorum: {},
          approvalTtlDays: 30,
          freezeOnApproval: false,
        },
        {
          name: 'legacy',
          description: '',
          rank: 0,
          policyPacks: [],
          quorum: {},
          approvalTtlDays: 30,
          freezeOnApproval: false,
        },
      ],
      roles: [{ name: 'viewer', description: '', permissions: [], builtin: true }],
      policyPacks: [
        { name: 'baseline', version: 1, digest: 'sha256:aa' },
        { name: 'nyc-ll144', version: 1, digest: 'sha256:bb' },
      ],
    };
    const kept = planGovernance(objects, server, { prune: false });
    expect(kept.changes.filter((c) => c.action === 'extra').map((c) => c.name)).toEqual([
      'legacy',
      'user:me admin@*',
      'user:old viewer@credit',
      'gone',
    ]);
    expect(planChangesServer(kept)).toBe(false);

    const pruned = planGovernance(objects, server, {
      prune: true,
      protectedSubjects: ['user:me'],
    });
    expect(
      pruned.changes.filter((c) => c.action !== 'unchanged').map((c) => [c.action, c.name]),
    ).toEqual([
      ['extra', 'legacy'],
      ['extra', 'user:me admin@*'],
      // Deletions last, webhooks before bindings (reverse dependency order).
      ['delete', 'gone'],
      ['delete', 'user:old viewer@credit'],
    ]);
    expect(pruned.changes.find((c) => c.name === 'user:me admin@*')?.note).toContain('caller');
  });

  it('manages only the kinds the directory declares', () => {
    const plan = planGovernance(
      objectsOf('kind: Namespace\nname: credit\n'),
      {
        namespaces: [{ name: 'credit', description: '' }],
        webhooks: [{ name: 'w', url: 'https://x', eventTypes: ['*'], active: true }],
      },
      { prune: true },
    );
    expect(plan.changes.map((c) => [c.action, c.kind])).toEqual([['unchanged', 'Namespace']]);
  });

  it('refuses references to packs and roles (quorum, bindings) that neither side has', () => {
    const objects = objectsOf(
      env(
        'prod',
        'policyPacks: [baseline, typo-pack]\nquorum: { viewer: 1, validator: 1, nobody: 1 }\n',
      ),
      'kind: RoleBinding\nsubject: group:x\nrole: validator\n',
      'kind: RoleBinding\nsubject: group:x\nrole: no-such-role\n',
      'kind: Role\nname: validator\npermissions: [audit:read]\n',
    );
    const problems = referenceProblems(objects, {
      policyPacks: [{ name: 'baseline', version: 1, digest: 'sha256:aa' }],
      roles: [{ name: 'viewer', description: '', permissions: [], builtin: true }],
    });
    expect(problems.map((p) => [p.file, p.path, p.code])).toEqual([
      ['f1.yaml', 'policyPacks.1', 'UNKNOWN_REFERENCE'],
      ['f1.yaml', 'quorum.nobody', 'UNKNOWN_REFERENCE'],
      ['f3.yaml', 'role', 'UNKNOWN_REFERENCE'],
    ]);
  });
});
