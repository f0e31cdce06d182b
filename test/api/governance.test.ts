import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/index.js';
import { VerityClient } from '../../src/client/index.js';
import { putEnvironment } from '../../src/environments/index.js';
import { publishPolicyPack } from '../../src/gates/index.js';
import { exportPublicKeyPem, generateSigningKeyPair, signModel } from '../../src/signing/index.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

/** A small pack whose one blocking rule a test can satisfy by changing the evidence. */
const GATE_PACK = `apiVersion: verity.dev/v1
kind: PolicyPack
name: test-gate
description: Evidence a test can provide or withhold
rules:
  - id: auc-floor
    description: The version reports an AUC of at least 0.75
    controls: [C2]
    severity: blocking
    require: has(metrics.auc) && metrics.auc >= 0.75
    message: AUC below 0.75 or missing
  - id: has-description
    description: The version says what changed
    controls: [C11]
    severity: warning
    require: version.description != ''
    message: no description
`;

describe.each(ENGINES)('governance workflow on $name', (engine) => {
  let h: Harness;
  /** Registers a model version with the given AUC, authored by `author`. */
  let register: (client: VerityClient, model: string, label: string, auc: number) => Promise<void>;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine, { openEnvironments: false });
    const ctx = h.runtime.governance;
    await publishPolicyPack(ctx, SYSTEM_ACTOR, GATE_PACK);
    await putEnvironment(ctx, SYSTEM_ACTOR, {
      name: 'production',
      rank: 2,
      policyPacks: ['test-gate'],
      quorum: { 'risk-officer': 1, maintainer: 1 },
      approvalTtlDays: 10,
      freezeOnApproval: true,
    });
    await putEnvironment(ctx, SYSTEM_ACTOR, { name: 'sandbox', rank: 0 });
    await h.addUsers([
      { name: 'author', roles: [{ role: 'contributor' }] },
      { name: 'requester', roles: [{ role: 'contributor' }] },
      { name: 'risk', roles: [{ role: 'risk-officer' }] },
      { name: 'risk-author', roles: [{ role: 'risk-officer' }, { role: 'contributor' }] },
      { name: 'maint', roles: [{ role: 'maintainer' }] },
      { name: 'maint2', roles: [{ role: 'maintainer' }] },
      { name: 'viewer', roles: [{ role: 'viewer' }] },
      { name: 'root', roles: [{ role: 'admin' }] },
      { name: 'compliance', roles: [{ role: 'compliance-officer' }] },
      { name: 'credit-dev', roles: [{ role: 'contributor', namespace: 'credit' }] },
    ]);
    register = async (client, model, label, auc) => {
      await client.registerVersion(model, {
        label,
        format: 'other',
        description: `${label} of ${model}`,
        metrics: { auc },
        files: [await upload(client, 'model.bin', `${model} ${label} weights`)],
      });
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('gates and approvals', () => {
    it('blocks a version that fails a blocking rule, records the decision, and passes once fixed', async () => {
      const author = h.client('author');
      await author.createModel({ name: 'scorer' });
      await register(author, 'scorer', '1.0.0', 0.7);

      const check = await h
        .client('requester')
        .governance.checkGate({ model: 'scorer', version: '1.0.0', environment: 'production' });
      expect(check.outcome).toBe('blocked');
      expect(check.results.map((r) => [r.rule, r.status])).toEqual([
        ['auc-floor', 'fail'],
        ['has-description', 'pass'],
      ]);
      expect(check.results[0]?.message).toBe('AUC below 0.75 or missing');

      const blocked = await errorOf(() =>
        h.client('requester').governance.requestPromotion({
          model: 'scorer',
          version: '1.0.0',
          environment: 'production',
        }),
      );
      expect(blocked.code).toBe('GATE_BLOCKED');
      expect(blocked.httpStatus).toBe(422);
      const decision = blocked.details.decision as {
        outcome: string;
        results: { rule: string; status: string }[];
      };
      expect(decision.outcome).toBe('blocked');
      expect(decision.results.filter((r) => r.status === 'fail').map((r) => r.rule)).toEqual([
        'auc-floor',
      ]);
      const entries = await h.client().auditEntries({ type: 'gate-evaluated' });
      expect(entries.items.at(-1)?.payload).toMatchObject({
        outcome: 'blocked',
        failed: ['auc-floor'],
        environment: 'production',
      });
      const deployment = await errorOf(() =>
        h
          .client('maint')
          .recordDeployment({ model: 'scorer', version: '1.0.0', environment: 'production' }),
      );
      expect(deployment.code).toBe('APPROVAL_REQUIRED');

      // The fix is a new version (versions are immutable): its gate passes.
      await register(author, 'scorer', '1.1.0', 0.81);
      const passed = await h.client('requester').governance.requestPromotion({
        model: 'scorer',
        version: '1.1.0',
        environment: 'production',
      });
      expect(passed.status).toBe('pending');
      expect(passed.remaining).toEqual({ 'risk-officer': 1, maintainer: 1 });
    });

    it('refuses approval by the author, the run owner and the requester, then meets the quorum and freezes the version', async () => {
      const promotions = await h
        .client('risk')
        .governance.listPromotions({ model: 'scorer', status: 'pending' });
      const id = promotions[0]?.id ?? '';
      expect(promotions).toHaveLength(1);

      // The author holds no approving role; a risk officer who authored a version cannot
      // approve it either (registered below), and the requester never can.
      const own = await errorOf(() => h.client('requester').governance.approvePromotion(id, {}));
      expect(own.code).toBe('FORBIDDEN'); // contributor lacks promotion:approve altogether

      const inbox = await h.client('risk').governance.listPromotions({ awaiting: 'me' });
      expect(inbox.map((p) => p.id)).toContain(id);

      const afterRisk = await h
        .client('risk')
        .governance.approvePromotion(id, { reason: 'validated' });
      expect(afterRisk.status).toBe('pending');
      expect(afterRisk.remaining).toEqual({ maintainer: 1 });
      const twice = await errorOf(() => h.client('risk').governance.approvePromotion(id, {}));
      expect(twice.code).toBe('ALREADY_EXISTS');

      const approved = await h.client('maint').governance.approvePromotion(id, {});
      expect(approved.status).toBe('approved');
      expect(approved.approvals.map((a) => [a.approver, a.role])).toEqual([
        ['risk', 'risk-officer'],
        ['maint', 'maintainer'],
      ]);
      const version = await h.client().getVersion('scorer', '1.1.0');
      expect(version).toMatchObject({ label: '1.1.0' });
      const frozen = await h.client().auditEntries({ type: 'model-version-frozen' });
      expect(frozen.items).toHaveLength(1);

      const deployed = await h.client('maint').recordDeployment({
        model: 'scorer',
        version: '1.1.0',
        environment: 'production',
      });
      expect(deployed.version.label).toBe('1.1.0');
      const attestation = await h.client().attestation(deployed.id);
      const statement = JSON.parse(
        Buffer.from(attestation.envelope.payload, 'base64').toString(),
      ) as {
        predicate: { approvers: string[]; policyDecision: { outcome: string } };
      };
      expect(statement.predicate.approvers).toEqual(['risk', 'maint']);
      expect(statement.predicate.policyDecision.outcome).toBe('passed');
    });

    it('refuses self-approval to a risk officer who authored the version, whatever the path', async () => {
      const ra = h.client('risk-author');
      await ra.createModel({ name: 'self-made' });
      await register(ra, 'self-made', '1.0.0', 0.9);
      const p = await h.client('requester').governance.requestPromotion({
        model: 'self-made',
        version: '1.0.0',
        environment: 'production',
      });
      // Not in their inbox either, although they hold the role the quorum needs.
      const raInbox = await ra.governance.listPromotions({ awaiting: 'me' });
      expect(raInbox.map((x) => x.id)).not.toContain(p.id);
      const refused = await errorOf(() => ra.governance.approvePromotion(p.id, {}));
      expect(refused.code).toBe('SEPARATION_OF_DUTIES');
      expect(refused.httpStatus).toBe(403);
      expect(refused.message).toContain('registered this version');
      // Nothing was recorded.
      expect((await h.client().governance.getPromotion(p.id)).approvals).toEqual([]);

      // The requester cannot approve their own request either, even holding the role.
      await h.addUsers([
        { name: 'req-risk', roles: [{ role: 'risk-officer' }, { role: 'contributor' }] },
      ]);
      await register(ra, 'self-made', '1.0.1', 0.9);
      const mine = await h.client('req-risk').governance.requestPromotion({
        model: 'self-made',
        version: '1.0.1',
        environment: 'production',
      });
      const requesterRefused = await errorOf(() =>
        h.client('req-risk').governance.approvePromotion(mine.id, {}),
      );
      expect(requesterRefused.code).toBe('SEPARATION_OF_DUTIES');
      expect(requesterRefused.message).toContain('requested this promotion');
    });

    it('voids a pending promotion when its evidence changes, and expires approvals', async () => {
      const author = h.client('author');
      await author.createModel({ name: 'changing', riskTier: 'high' });
      await register(author, 'changing', '1.0.0', 0.9);
      const p = await h.client('requester').governance.requestPromotion({
        model: 'changing',
        version: '1.0.0',
        environment: 'production',
      });
      await author.updateModel('changing', { riskTier: 'limited' });
      // Voided by the change itself, in its transaction, and ledgered with it.
      expect((await h.client().governance.getPromotion(p.id)).status).toBe('voided');
      const voidedEntries = (await h.client().auditEntries({ type: 'promotion-voided' })).items;
      expect(
        voidedEntries.map((e) => [
          e.event?.actor,
          (e.payload as { promotionId: string }).promotionId,
        ]),
      ).toEqual([['author', p.id]]);
      const voided = await errorOf(() => h.client('risk').governance.approvePromotion(p.id, {}));
      expect(voided.code).toBe('PROMOTION_CLOSED');

      const again = await h.client('requester').governance.requestPromotion({
        model: 'changing',
        version: '1.0.0',
        environment: 'production',
      });
      await h.client('risk').governance.approvePromotion(again.id, {});
      await h.client('maint').governance.approvePromotion(again.id, {});
      h.clock.advance(11 * 86_400_000);
      expect((await h.client().governance.getPromotion(again.id)).status).toBe('expired');
      const late = await errorOf(() =>
        h
          .client('maint')
          .recordDeployment({ model: 'changing', version: '1.0.0', environment: 'production' }),
      );
      expect(late.code).toBe('APPROVAL_REQUIRED');
      expect(late.details.reason).toBe('expired');
    });

    it('voids an open promotion when the key behind its signature is revoked', async () => {
      const author = h.client('author');
      await author.createModel({ name: 'signed-one' });
      await register(author, 'signed-one', '1.0.0', 0.9);
      const { privateKey, publicKey } = generateSigningKeyPair('ecdsa-p256');
      await h.client('root').registerSigningKey({
        name: 'release-key',
        publicKeyPem: exportPublicKeyPem(publicKey),
      });
      const version = await h.client().getVersion('signed-one', '1.0.0');
      const bundle = await signModel(
        {
          files: version.files.map((f) => ({ path: f.path, digest: f.digest })),
          name: 'signed-one@1.0.0',
        },
        privateKey,
      );
      await h.client('maint').addSignature('signed-one', '1', bundle);
      const p = await h.client('requester').governance.requestPromotion({
        model: 'signed-one',
        version: '1.0.0',
        environment: 'production',
      });
      expect(p.status).toBe('pending');
      await h.client('root').revokeSigningKey('release-key', 'key material leaked');
      const after = await h.client().governance.getPromotion(p.id);
      expect(after.status).toBe('voided');
      const entry = (await h.client().auditEntries({ type: 'promotion-voided' })).items.at(-1);
      expect(entry?.event?.actor).toBe('root');
      expect(entry?.payload).toMatchObject({ promotionId: p.id });
    });

    it('voids an open promotion when the run behind the version finishes', async () => {
      const author = h.client('author');
      await author.createModel({ name: 'still-training' });
      const run = await author.createRun({ name: 'long-run', status: 'running' });
      await author.registerVersion('still-training', {
        label: '1.0.0',
        format: 'other',
        metrics: { auc: 0.9 },
        runId: run.id,
        files: [await upload(author, 'm.bin', 'still-training weights')],
      });
      const p = await h.client('requester').governance.requestPromotion({
        model: 'still-training',
        version: '1.0.0',
        environment: 'production',
      });
      await author.updateRun(run.id, { status: 'failed' });
      expect((await h.client().governance.getPromotion(p.id)).status).toBe('voided');
    });

    it('requires a reason to reject and records it', async () => {
      const author = h.client('author');
      await register(author, 'scorer', '1.2.0', 0.9);
      const p = await h.client('requester').governance.requestPromotion({
        model: 'scorer',
        version: '1.2.0',
        environment: 'production',
      });
      const noReason = await errorOf(() =>
        h.client('risk').governance.rejectPromotion(p.id, { reason: ' ' }),
      );
      expect(noReason.code).toBe('VALIDATION_ERROR');
      const rejected = await h
        .client('risk')
        .governance.rejectPromotion(p.id, { reason: 'calibration drifts' });
      expect(rejected.status).toBe('rejected');
      expect(rejected.closedReason).toBe('calibration drifts');
      const afterwards = await errorOf(() =>
        h.client('maint').governance.approvePromotion(p.id, {}),
      );
      expect(afterwards.code).toBe('PROMOTION_CLOSED');
    });

    it('lets only an admin override a blocked gate, with a justification, flagged and sent to review', async () => {
      const author = h.client('author');
      await author.createModel({ name: 'urgent' });
      await register(author, 'urgent', '1.0.0', 0.5);
      const blocked = await errorOf(() =>
        h.client('requester').governance.requestPromotion({
          model: 'urgent',
          version: '1.0.0',
          environment: 'production',
        }),
      );
      const id = String(blocked.details.promotionId);
      const notAdmin = await errorOf(() =>
        h.client('maint').governance.overrideGate(id, { justification: 'x'.repeat(40) }),
      );
      expect(notAdmin.code).toBe('FORBIDDEN');
      const short = await errorOf(() =>
        h.client('root').governance.overrideGate(id, { justification: 'because' }),
      );
      expect(short.code).toBe('VALIDATION_ERROR');
      const overridden = await h.client('root').governance.overrideGate(id, {
        justification: 'Regulator-mandated fix must ship today; revalidation under CHG-1',
      });
      expect(overridden.status).toBe('pending');
      expect(overridden.overriddenBy).toBe('root');
      const entry = (await h.client().auditEntries({ type: 'gate-overridden' })).items.at(-1);
      expect(entry?.payload).toMatchObject({
        breakGlass: true,
        failedRules: ['test-gate/auc-floor'],
      });
      const reviews = await h.client().governance.listReviewItems({ status: 'open' });
      expect(reviews.map((r) => r.kind)).toEqual(['gate-override']);
      // The override is also a SEV3 incident, opened by the overrider, naming what went through.
      const [incident] = await h.client().incidents.list();
      expect(incident).toMatchObject({
        type: 'other',
        severity: 'SEV3',
        openedBy: 'root',
        source: { kind: 'gate-override', id, ref: reviews[0]?.id },
        affected: [{ environment: 'production' }],
      });
      // The overrider may not approve what they forced through.
      const selfApprove = await errorOf(() => h.client('root').governance.approvePromotion(id, {}));
      expect(selfApprove.code).toBe('SEPARATION_OF_DUTIES');
      const reviewId = reviews[0]?.id ?? '';
      const selfResolve = await errorOf(() =>
        h.client('root').governance.resolveReviewItem(reviewId, { resolution: 'fine' }),
      );
      expect(selfResolve.code).toBe('SEPARATION_OF_DUTIES');
      const resolved = await h.client('compliance').governance.resolveReviewItem(reviewId, {
        resolution: 'Accepted; revalidation scheduled',
      });
      expect(resolved.status).toBe('resolved');
    });

    it('deploys to an environment without packs or quorum with no promotion, and refuses unknown environments', async () => {
      const d = await h.client('maint').recordDeployment({
        model: 'scorer',
        version: '1.0.0',
        environment: 'sandbox',
      });
      expect(d.environment).toBe('sandbox');
      const unknown = await errorOf(() =>
        h
          .client('maint')
          .recordDeployment({ model: 'scorer', version: '1.0.0', environment: 'moon' }),
      );
      expect(unknown.code).toBe('NOT_FOUND');
      // An environment cannot require approvals from a role that does not exist, nor bind a
      // pack that was never published: its gate would silently check nothing.
      const badRole = await errorOf(() =>
        h.client('root').governance.putEnvironment('qa', { rank: 1, quorum: { nobody: 1 } }),
      );
      expect(badRole.code).toBe('NOT_FOUND');
      const badPack = await errorOf(() =>
        h.client('root').governance.putEnvironment('qa', { rank: 1, policyPacks: ['missing'] }),
      );
      expect(badPack.code).toBe('NOT_FOUND');
      expect((await h.client().governance.listEnvironments()).map((e) => e.name)).not.toContain(
        'qa',
      );
    });
  });

  describe.skipIf(engine.skip !== undefined)('roles and namespaces', () => {
    it('confines a namespace-bound contributor to its namespace, in the service layer too', async () => {
      const dev = h.client('credit-dev');
      await dev.createModel({ name: 'pd', namespace: 'credit' });
      const elsewhere = await errorOf(() => dev.createModel({ name: 'pd', namespace: 'payments' }));
      expect(elsewhere.code).toBe('FORBIDDEN');
      expect(elsewhere.details).toMatchObject({
        permission: 'registry:write',
        namespace: 'payments',
      });
      const readOther = await errorOf(() => dev.getModel('scorer'));
      expect(readOther.code).toBe('FORBIDDEN');
      // Lists show only the namespaces the caller may read.
      const listed = await dev.listModels({});
      expect(listed.items.map((m) => `${m.namespace}/${m.name}`)).toEqual(['credit/pd']);
      expect((await dev.listDatasets({})).items).toEqual([]);
      // Deployments of models in other namespaces are not listed either (scorer is in default).
      expect((await h.client('root').deploymentHistory({})).items.length).toBeGreaterThan(0);
      expect((await dev.deploymentHistory({})).items).toEqual([]);
    });

    it('lets a viewer read but not change anything, and refuses writes without credentials', async () => {
      const viewer = h.client('viewer');
      expect((await viewer.getModel('scorer')).name).toBe('scorer');
      const write = await errorOf(() => viewer.createModel({ name: 'nope' }));
      expect(write.code).toBe('FORBIDDEN');
      const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/models' });
      expect(anonymous.statusCode).toBe(401);
      expect(
        anonymous.json<{ error: { details: { reason: string } } }>().error.details.reason,
      ).toBe('missing');
    });

    it("issues a scoped token to a CI user only for an admin, narrowed to that user's roles", async () => {
      await h.addUsers([
        { name: 'ci-credit', roles: [{ role: 'contributor', namespace: 'credit' }] },
      ]);
      const issued = await h.client('root').identity.createToken({
        name: 'pipeline',
        user: 'ci-credit',
        scopes: [{ role: 'contributor', namespace: 'credit' }],
      });
      expect(issued.token).toMatchObject({ user: 'ci-credit', createdBy: 'root' });
      const ci = new VerityClient({ baseUrl: h.baseUrl, token: issued.secret });
      expect((await ci.access.me()).name).toBe('ci-credit');
      await ci.createModel({ name: 'ci-made', namespace: 'credit' });
      expect((await ci.governance.listEnvironments()).map((e) => e.name)).toContain('production');
      // Not wider than the user's own roles, and not issued by someone without identity:write.
      const wider = await errorOf(() =>
        h.client('root').identity.createToken({
          name: 'too-wide',
          user: 'ci-credit',
          scopes: [{ role: 'maintainer', namespace: 'credit' }],
        }),
      );
      expect(wider.code).toBe('FORBIDDEN');
      const byMaintainer = await errorOf(() =>
        h.client('maint').identity.createToken({ name: 'x', user: 'ci-credit' }),
      );
      expect(byMaintainer.code).toBe('FORBIDDEN');
      // A namespace-bound user can narrow their own token to their namespace.
      const own = await h.client('credit-dev').identity.createToken({
        name: 'mine',
        scopes: [{ role: 'contributor', namespace: 'credit' }],
      });
      expect(own.token.scopes).toEqual([{ role: 'contributor', namespace: 'credit' }]);
    });

    it('stops a revoked token and a removed binding on the next request', async () => {
      await h.addUsers([{ name: 'temp', roles: [{ role: 'contributor' }] }]);
      const temp = h.client('temp');
      const created = await temp.identity.createToken({ name: 'ci' });
      const ci = new VerityClient({ baseUrl: h.baseUrl, token: created.secret });
      expect((await ci.access.me()).name).toBe('temp');
      await temp.identity.revokeToken(created.token.id);
      const revoked = await errorOf(() => ci.access.me());
      expect(revoked.code).toBe('UNAUTHENTICATED');
      expect(revoked.details.reason).toBe('revoked');

      await h
        .client('root')
        .access.unbindRole({ subject: 'user:temp', role: 'contributor', namespace: '*' });
      const unbound = await errorOf(() => temp.createModel({ name: 'after-unbind' }));
      expect(unbound.code).toBe('FORBIDDEN');
    });
  });
});
