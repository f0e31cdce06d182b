import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GateDecision, Promotion, TokenInfo } from '../../src/client/index.js';
import { firstStart } from '../../src/server/first-start.js';
import { CLIENT_ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { errorOf, jsonOf, ROOT, runCli, type CliResult } from './run-cli.js';

/** A port nothing listens on: bound once, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A pack with two CEL errors: an unknown field (line 10) and a syntax error (line 16). */
const BROKEN_PACK = `apiVersion: verity.dev/v1
kind: PolicyPack
name: broken
description: Two rules that do not compile
rules:
  - id: typo-field
    description: refers to a field that does not exist
    controls: [C1]
    severity: blocking
    require: model.ownr != ''
    message: x
  - id: bad-syntax
    description: an operator without its operand
    controls: [C9]
    severity: blocking
    require: metrics.auc >=
    message: y
`;

/** A pack a version passes only with a description. */
const DESCRIBED_PACK = `apiVersion: verity.dev/v1
kind: PolicyPack
name: described
description: The version says what changed
rules:
  - id: has-description
    description: The version has a description
    controls: [C11]
    severity: blocking
    require: version.description != ''
    message: The version has no description.
`;

/**
 * The governance commands, run as the real `verity` binary against a real server on every
 * engine. The server starts as a fresh installation does (firstStart: the shipped packs and the
 * default environments development, staging (baseline, 1 maintainer) and production). Each
 * call spawns a process (about a second), so checks are grouped and independent calls run
 * concurrently.
 */
describe.each(CLIENT_ENGINES)('verity governance commands on $name', (engine) => {
  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', { timeout: 120_000 }, () => {
    let h: Harness;
    let home: string | undefined;
    let work: string;
    const as = (user: string, ...args: string[]): Promise<CliResult> =>
      runCli(args, {
        VERITY_URL: h.baseUrl,
        VERITY_TOKEN: h.token(user),
        VERITY_HOME: '/nonexistent',
      });
    const cli = (...args: string[]) => as('alice', ...args);

    beforeAll(async () => {
      h = await startHarness(engine, { openEnvironments: false });
      home = mkdtempSync(join(tmpdir(), 'verity-home-'));
      work = mkdtempSync(join(tmpdir(), 'verity-gov-'));
      await firstStart(h.runtime, home);
      await h.addUsers([
        // The author may approve promotions in general, just not of their own work.
        { name: 'author', roles: [{ role: 'maintainer' }] },
        { name: 'approver', roles: [{ role: 'maintainer' }] },
        { name: 'compliance', roles: [{ role: 'compliance-officer' }] },
      ]);
      // scorer@1.0.0 has no training run: staging's baseline pack blocks it.
      // scorer@1.1.0 links to a run with a commit and has a description: staging passes.
      const author = h.client('author');
      await author.createModel({ name: 'scorer', riskTier: 'high' });
      await author.registerVersion('scorer', {
        label: '1.0.0',
        format: 'other',
        metrics: { auc: 0.8 },
        files: [await upload(author, 'model.bin', 'weights 1.0.0')],
      });
      const run = await author.createRun({
        name: 'train',
        code: { repository: 'https://git.example/scorer', commit: 'a1b2c3d4' },
      });
      await author.registerVersion('scorer', {
        label: '1.1.0',
        format: 'other',
        description: 'retrained on March data',
        metrics: { auc: 0.82 },
        runId: run.id,
        files: [await upload(author, 'model.bin', 'weights 1.1.0')],
      });
    });
    afterAll(async () => {
      await h?.close();
      for (const dir of [home, work])
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    });

    it('gate check exits 0 when the gate passes, 1 when it blocks, 2 when nothing was decided', async () => {
      const port = await freePort();
      const [passed, blocked, human, unknownEnv, unknownModel, noRef, noEnv, unreachable] =
        await Promise.all([
          cli('gate', 'check', 'scorer@1.1.0', '--env', 'staging', '--json'),
          cli('gate', 'check', 'scorer@1.0.0', '--env', 'staging', '--json'),
          cli('gate', 'check', 'scorer@1.0.0', '--env', 'staging'),
          cli('gate', 'check', 'scorer@1.0.0', '--env', 'moon', '--json'),
          cli('gate', 'check', 'nosuch@1.0.0', '--env', 'staging', '--json'),
          cli('gate', 'check', 'scorer', '--env', 'staging', '--json'),
          cli('gate', 'check', 'scorer@1.0.0'),
          runCli(['gate', 'check', 'scorer@1.0.0', '--env', 'staging', '--json'], {
            VERITY_URL: `http://127.0.0.1:${port}`,
            VERITY_TOKEN: h.token('alice'),
          }),
        ]);

      expect(passed.code).toBe(0);
      const ok = jsonOf<GateDecision>(passed);
      expect(ok).toMatchObject({ outcome: 'passed', environment: 'staging', version: '1.1.0' });
      expect(ok.id).toMatch(/^[0-9a-f-]{36}$/);

      expect(blocked.code).toBe(1);
      const no = jsonOf<GateDecision>(blocked);
      expect(no.outcome).toBe('blocked');
      expect(no.results.filter((r) => r.status === 'fail').map((r) => r.rule)).toEqual([
        'training-run-recorded',
      ]);
      expect(errorOf(blocked).code).toBe('GATE_BLOCKED');

      // People see every rule with its status and the decision id.
      expect(human.code).toBe(1);
      const decisionId = /^decision\s+(\S+)$/m.exec(human.stdout)?.[1];
      expect(decisionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(human.stdout).toMatch(
        /^FAIL\s+baseline\s+training-run-recorded\s+blocking\s+The version is not linked/m,
      );
      expect(human.stdout).toMatch(/^pass\s+baseline\s+owner-recorded\s/m);
      expect(human.stdout).toMatch(/^skip\s+baseline\s+version-signed\s/m);
      expect(human.stderr).toMatch(/^error GATE_BLOCKED: the staging gate blocked scorer@1\.0\.0/);

      expect([unknownEnv.code, errorOf(unknownEnv).code]).toEqual([2, 'NOT_FOUND']);
      expect([unknownModel.code, errorOf(unknownModel).code]).toEqual([2, 'NOT_FOUND']);
      expect([noRef.code, errorOf(noRef).code]).toEqual([2, 'VALIDATION_ERROR']);
      expect(noEnv.code).toBe(2);
      expect(noEnv.stderr).toContain("required option '--env <environment>' not specified");
      expect([unreachable.code, errorOf(unreachable).code]).toEqual([2, 'SERVER_UNREACHABLE']);

      // The recorded decision reads back as printed.
      const shown = await cli('gate', 'show', decisionId!, '--json');
      expect(jsonOf<GateDecision>(shown)).toMatchObject({ id: decisionId, outcome: 'blocked' });
    });

    it('policy publish refuses a pack with CEL errors (exit 2, each rule and line:column); test is a dry run', async () => {
      writeFileSync(join(work, 'broken.yaml'), BROKEN_PACK);
      writeFileSync(join(work, 'described.yaml'), DESCRIBED_PACK);
      const before = await h.runtime.ledger.size();
      const [human, json] = await Promise.all([
        cli('policy', 'publish', join(work, 'broken.yaml')),
        cli('policy', 'publish', join(work, 'broken.yaml'), '--json'),
      ]);
      expect(human.code).toBe(2);
      const lines = human.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(
        `error POLICY_INVALID: ${join(work, 'broken.yaml')}: broken: 2 problems`,
      );
      expect(lines[1]).toMatch(/^ {2}10:\d+ \[CEL_TYPE\] rule 'typo-field' require: .*ownr/);
      expect(lines[2]).toMatch(/^ {2}16:\d+ \[CEL_SYNTAX\] rule 'bad-syntax' require: /);
      expect(json.code).toBe(2);
      const problems = (
        JSON.parse(json.stderr) as {
          error: { code: string; details: { problems: { ruleId: string; line: number }[] } };
        }
      ).error;
      expect(problems.code).toBe('POLICY_INVALID');
      expect(problems.details.problems.map((p) => [p.ruleId, p.line])).toEqual([
        ['typo-field', 10],
        ['bad-syntax', 16],
      ]);
      expect(await h.runtime.ledger.size()).toBe(before);

      const published = await cli('policy', 'publish', join(work, 'described.yaml'), '--json');
      expect(published.code).toBe(0);
      expect(jsonOf(published)).toMatchObject({
        changed: true,
        pack: { name: 'described', version: 1 },
      });
      const afterPublish = await h.runtime.ledger.size();

      const [again, wouldBlock, wouldPass, history] = await Promise.all([
        cli('policy', 'publish', join(work, 'described.yaml'), '--json'),
        cli('policy', 'test', 'described', 'scorer@1.0.0', '--env', 'staging', '--json'),
        cli('policy', 'test', 'described', 'scorer@1.1.0'),
        cli('policy', 'history', 'described', '--json'),
      ]);
      expect(jsonOf(again)).toMatchObject({ changed: false, pack: { version: 1 } });
      expect(wouldBlock.code).toBe(1);
      expect(jsonOf<GateDecision>(wouldBlock)).toMatchObject({ id: null, outcome: 'blocked' });
      expect(errorOf(wouldBlock).code).toBe('GATE_BLOCKED');
      expect(wouldPass.code).toBe(0);
      expect(wouldPass.stdout).toContain('decision   (dry run: not recorded)');
      expect(jsonOf<{ items: unknown[] }>(history).items).toHaveLength(1);
      // Identical content and dry runs record nothing.
      expect(await h.runtime.ledger.size()).toBe(afterPublish);
    });

    it('promote: a blocked request exits 1 with its failed rules, the author cannot approve, a maintainer can', async () => {
      const blocked = await as('author', 'promote', 'request', 'scorer@1.0.0', '--env', 'staging');
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toMatch(
        /^Promotion \S+ is blocked: the gate refused scorer@1\.0\.0 for staging$/m,
      );
      expect(blocked.stdout).toContain(
        '  FAIL  baseline/training-run-recorded: The version is not linked to a training run with a code commit.',
      );
      expect(blocked.stderr).toMatch(/^error GATE_BLOCKED: /);

      const blockedJson = await as(
        'author',
        'promote',
        'request',
        'scorer@1.0.0',
        '--env',
        'staging',
        '--json',
      );
      expect(blockedJson.code).toBe(1);
      expect(blockedJson.stdout).toBe('');
      const report = JSON.parse(blockedJson.stderr) as {
        error: { code: string; details: { promotionId: string; decision: GateDecision } };
      };
      expect(report.error.code).toBe('GATE_BLOCKED');
      expect(report.error.details.decision.outcome).toBe('blocked');

      const requested = await as(
        'author',
        'promote',
        'request',
        'scorer@1.1.0',
        '--env',
        'staging',
        '--justification',
        'retrained',
        '--json',
      );
      expect(requested.code).toBe(0);
      const promotion = jsonOf<Promotion>(requested);
      expect(promotion).toMatchObject({
        status: 'pending',
        requestedBy: 'author',
        justification: 'retrained',
        remaining: { maintainer: 1 },
      });

      // Separation of duties: a refused request (exit 2), not a failed check.
      const [own, inbox] = await Promise.all([
        as('author', 'promote', 'approve', promotion.id, '--json'),
        as('approver', 'promote', 'list', '--mine', '--json'),
      ]);
      expect([own.code, errorOf(own).code]).toEqual([2, 'SEPARATION_OF_DUTIES']);
      expect(jsonOf<{ items: Promotion[] }>(inbox).items.map((p) => p.id)).toEqual([promotion.id]);

      const approved = await as(
        'approver',
        'promote',
        'approve',
        promotion.id,
        '--reason',
        'checked',
        '--json',
      );
      expect(approved.code).toBe(0);
      expect(jsonOf<Promotion>(approved)).toMatchObject({
        status: 'approved',
        approvals: [
          { approver: 'approver', role: 'maintainer', decision: 'approved', reason: 'checked' },
        ],
      });
      const [shown, listed, emptyInbox] = await Promise.all([
        cli('promote', 'show', promotion.id),
        cli('promote', 'list', '--status', 'blocked', '--model', 'scorer', '--json'),
        as('approver', 'promote', 'list', '--mine', '--json'),
      ]);
      expect(shown.stdout).toMatch(/^status\s+approved$/m);
      expect(shown.stdout).toMatch(/^approver\s+maintainer\s+approved\s/m);
      // The first blocked request was superseded by the second.
      expect(jsonOf<{ items: Promotion[] }>(listed).items).toHaveLength(1);
      expect(jsonOf<{ items: Promotion[] }>(emptyInbox).items).toEqual([]);
    });

    it('break-glass: override opens a review item, which is resolved with a finding', async () => {
      const blocked = await as(
        'author',
        'promote',
        'request',
        'scorer@1.0.0',
        '--env',
        'production',
        '--json',
      );
      expect(blocked.code).toBe(1);
      const id = (JSON.parse(blocked.stderr) as { error: { details: { promotionId: string } } })
        .error.details.promotionId;
      const short = await cli('promote', 'override', id, '--justification', 'urgent', '--json');
      expect([short.code, errorOf(short).code]).toEqual([2, 'VALIDATION_ERROR']);
      const overridden = await cli(
        'promote',
        'override',
        id,
        '--justification',
        'regulator deadline; signature follows in the next release',
        '--json',
      );
      expect(overridden.code).toBe(0);
      expect(jsonOf<Promotion>(overridden)).toMatchObject({ overriddenBy: 'alice' });
      const open = await cli('review', 'list', '--open', '--json');
      const items = jsonOf<{ items: { id: string; subjectId: string }[] }>(open).items;
      expect(items).toHaveLength(1);
      // Whoever broke the glass does not review it.
      const own = await cli('review', 'resolve', items[0]!.id, '--resolution', 'fine', '--json');
      expect([own.code, errorOf(own).code]).toEqual([2, 'SEPARATION_OF_DUTIES']);
      const resolved = await as(
        'compliance',
        'review',
        'resolve',
        items[0]!.id,
        '--resolution',
        'signed since',
        '--json',
      );
      expect(jsonOf(resolved)).toMatchObject({ status: 'resolved', resolution: 'signed since' });
      expect(
        jsonOf<{ items: unknown[] }>(await cli('review', 'list', '--open', '--json')).items,
      ).toEqual([]);
    });

    it('token create prints the secret once; a revoked token is then UNAUTHENTICATED', async () => {
      const created = await as(
        'author',
        'token',
        'create',
        'ci',
        '--scope',
        'maintainer',
        '--expires-in-days',
        '7',
      );
      expect(created.code).toBe(0);
      // stdout is the secret alone, so `TOKEN=$(verity token create ...)` works.
      const secret = created.stdout.trim();
      expect(created.stdout).toBe(`${secret}\n`);
      expect(secret).toMatch(/^vrt_/);
      expect(created.stderr).toContain('only time the secret is shown');

      const withToken = (...args: string[]) =>
        runCli(args, { VERITY_URL: h.baseUrl, VERITY_TOKEN: secret, VERITY_HOME: '/nonexistent' });
      const [me, listed] = await Promise.all([
        withToken('whoami', '--json'),
        as('author', 'token', 'list', '--json'),
      ]);
      expect(jsonOf(me)).toMatchObject({
        name: 'author',
        tokenScopes: [{ role: 'maintainer', namespace: '*' }],
      });
      const token = jsonOf<{ items: TokenInfo[] }>(listed).items.find((t) => t.name === 'ci');
      expect(token).toMatchObject({ status: 'active', user: 'author' });
      expect(JSON.stringify(jsonOf(listed))).not.toContain(secret);

      const revoked = await as('author', 'token', 'revoke', token!.id, '--json');
      expect(jsonOf(revoked)).toMatchObject({ id: token!.id, status: 'revoked' });
      const refused = await withToken('whoami', '--json');
      expect([refused.code, errorOf(refused).code]).toEqual([2, 'UNAUTHENTICATED']);
    });

    it('apply makes the server match a directory, twice is a no-op; diff exits 1 on drift, 0 in sync', async () => {
      const dir = join(work, 'governance');
      cpSync(join(ROOT, 'examples', 'governance'), dir, { recursive: true });

      const drift = await cli('diff', '-f', dir, '--json');
      expect(drift.code).toBe(1);
      expect(jsonOf(drift)).toMatchObject({
        drift: true,
        summary: { create: 11, update: 2, unchanged: 1 },
      });
      expect(errorOf(drift).code).toBe('CONFLICT');

      const applied = await cli('apply', '-f', dir, '--json');
      expect(applied.code).toBe(0);
      const result = jsonOf<{ applied: unknown[]; secrets: { webhook: string; secret: string }[] }>(
        applied,
      );
      expect(result.applied).toHaveLength(13);
      expect(result.secrets.map((s) => s.webhook)).toEqual(['promotions-to-chat']);
      expect(result.secrets[0]?.secret).toMatch(/^whsec_/);

      const size = await h.runtime.ledger.size();
      const [again, inSync] = await Promise.all([cli('apply', '-f', dir), cli('diff', '-f', dir)]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(
        'Nothing to change: the server already matches the directory.',
      );
      expect(again.stdout).not.toMatch(/^[+~] /m);
      expect(inSync.code).toBe(0);
      expect(inSync.stdout).toContain('0 to create, 0 to update, 14 unchanged');
      expect(await h.runtime.ledger.size()).toBe(size);

      // A change made outside git is drift until the directory is applied again.
      expect((await cli('env', 'set', 'staging', '--ttl-days', '7')).code).toBe(0);
      const changed = await cli('diff', '-f', dir);
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(
        /^~ update {5}Environment staging\n {6}approvalTtlDays: 7 → 30$/m,
      );
      expect((await cli('apply', '-f', dir)).code).toBe(0);
      expect((await cli('diff', '-f', dir)).code).toBe(0);
    });

    it('apply checks the whole directory first and changes nothing when any file is wrong', async () => {
      const dir = join(work, 'bad-governance');
      cpSync(join(ROOT, 'examples', 'governance'), dir, { recursive: true });
      writeFileSync(join(dir, 'broken.yaml'), BROKEN_PACK);
      writeFileSync(
        join(dir, 'more.yaml'),
        'kind: Namespace\nname: ops\n---\nkind: Enviroment\nname: x\n---\nkind: Environment\nname: production\nrank: 2\n',
      );
      const size = await h.runtime.ledger.size();
      const result = await cli('apply', '-f', dir);
      expect(result.code).toBe(2);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(`error VALIDATION_ERROR: ${dir}: 4 problems, nothing was changed`);
      expect(lines.slice(1)).toEqual([
        expect.stringMatching(
          /^ {2}\S+broken\.yaml#1 10:19 \[POLICY_INVALID\] rules\.0\.require: \[CEL_TYPE\] rule 'typo-field' require: /,
        ),
        expect.stringMatching(
          /^ {2}\S+broken\.yaml#1 16:\d+ \[POLICY_INVALID\] rules\.1\.require: \[CEL_SYNTAX\] rule 'bad-syntax' require: /,
        ),
        expect.stringMatching(
          /^ {2}\S+more\.yaml#2 4:1 \[UNKNOWN_KIND\] kind: unknown kind 'Enviroment'/,
        ),
        expect.stringMatching(
          /^ {2}\S+more\.yaml#3 \d+:1 \[DUPLICATE\] name: Environment 'production' is already declared in \S+environments\.yaml \(document 3\)$/,
        ),
      ]);
      expect(await h.runtime.ledger.size()).toBe(size);
    });

    // Last: pruning removes the harness's bindings of other users.
    it('apply --prune deletes bindings that are not in the directory, never the caller’s', async () => {
      const dir = join(work, 'bindings-only');
      cpSync(join(ROOT, 'examples', 'governance'), dir, { recursive: true });
      for (const f of ['namespaces.yaml', 'environments.yaml', 'webhooks.yaml', 'packs']) {
        rmSync(join(dir, f), { recursive: true });
      }
      writeFileSync(
        join(dir, 'extra.yaml'),
        'kind: RoleBinding\nsubject: user:approver\nrole: maintainer\n',
      );
      const plan = await cli('diff', '-f', dir, '--prune', '--json');
      expect(plan.code).toBe(1);
      const deletions = jsonOf<{ changes: { action: string; name: string; note?: string }[] }>(
        plan,
      ).changes;
      expect(deletions.filter((c) => c.action === 'delete').map((c) => c.name)).toContain(
        'user:author maintainer@*',
      );
      expect(deletions.find((c) => c.name === 'user:alice admin@*')).toMatchObject({
        action: 'extra',
        note: 'not in the directory; kept: it is a binding of the caller',
      });
      const pruned = await cli('apply', '-f', dir, '--prune');
      expect(pruned.code).toBe(0);
      const [after, bindings] = await Promise.all([
        cli('diff', '-f', dir, '--prune'),
        cli('role', 'bindings', '--json'),
      ]);
      expect(after.code).toBe(0);
      const subjects = jsonOf<{ items: { subject: string; role: string }[] }>(bindings).items.map(
        (b) => `${b.subject} ${b.role}`,
      );
      expect(subjects).toContain('user:alice admin');
      expect(subjects).toContain('user:approver maintainer');
      expect(subjects).not.toContain('user:author maintainer');
    });
  });
});
