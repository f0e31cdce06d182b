import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/index.js';
import type { VerityClient } from '../../src/client/index.js';
import { CREDIT_RISK_CARD } from '../../src/demo/demo-cards.js';
import { putEnvironment } from '../../src/environments/index.js';
import { publishPolicyPack } from '../../src/gates/index.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

const CARD_PACK = `apiVersion: verity.dev/v1
kind: PolicyPack
name: card-gate
description: The model card must be complete for its tier and signed off
rules:
  - id: card-complete
    description: Every field the card's template requires is filled
    controls: [C11]
    severity: blocking
    require: card.exists && size(card.missing) == 0
    message: The model card is incomplete
  - id: card-approved
    description: A responsible person signed the card off
    controls: [C4]
    severity: blocking
    require: card.approved
    message: The model card is not approved
`;

describe.each(ENGINES)('model cards on $name', (engine) => {
  let h: Harness;
  let author: VerityClient;

  async function register(
    model: string,
    label: string,
    riskTier = 'high',
    by = author,
  ): Promise<void> {
    await by.createModel({ name: model, riskTier, owner: 'author' });
    await by.registerVersion(model, {
      label,
      format: 'onnx',
      description: `${label} of ${model}`,
      metrics: { roc_auc: 0.81, ks: 0.47 },
      files: [await upload(by, 'model.onnx', `${model} ${label} weights`)],
    });
  }

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine, { openEnvironments: false });
    await publishPolicyPack(h.runtime.governance, SYSTEM_ACTOR, CARD_PACK);
    await putEnvironment(h.runtime.governance, SYSTEM_ACTOR, {
      name: 'production',
      rank: 2,
      policyPacks: ['card-gate'],
      quorum: { 'risk-officer': 1 },
      approvalTtlDays: 30,
      freezeOnApproval: true,
    });
    await putEnvironment(h.runtime.governance, SYSTEM_ACTOR, {
      name: 'staging',
      rank: 1,
      quorum: { 'risk-officer': 1 },
      approvalTtlDays: 30,
    });
    await h.addUsers([
      { name: 'author', roles: [{ role: 'contributor' }] },
      { name: 'writer', roles: [{ role: 'contributor' }] },
      { name: 'risk', roles: [{ role: 'risk-officer' }] },
      { name: 'risk-writer', roles: [{ role: 'risk-officer' }, { role: 'contributor' }] },
      { name: 'risk-author', roles: [{ role: 'risk-officer' }, { role: 'contributor' }] },
      { name: 'viewer', roles: [{ role: 'viewer' }] },
      { name: 'credit-dev', roles: [{ role: 'contributor', namespace: 'credit' }] },
    ]);
    author = h.client('author');
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('writing and reading', () => {
    it('shows an unwritten high-risk card with every missing field by name', async () => {
      await register('scorer', '1.0.0');
      const view = await h.client('viewer').cards.get('scorer', '1.0.0');
      expect(view).toMatchObject({
        revision: 0,
        exists: false,
        approved: false,
        frozen: false,
        evidenceAsOf: 'live',
      });
      expect(view.card.tier).toBe('high');
      expect(view.completeness).toMatchObject({ tier: 'high', required: 40, present: 2 });
      const missing = view.completeness.missing.map((m) => m.path);
      expect(missing).toContain('humanOversight.measures');
      expect(missing).toContain('evidence.signatures');
      expect(missing).not.toContain('evidence.metrics');
      expect(view.completeness.missing.find((m) => m.path === 'intendedUse.purpose')).toEqual({
        path: 'intendedUse.purpose',
        title: 'Intended purpose',
        annexIV: '§1(a)',
        source: 'author',
      });
      expect(view.card.evidence.metrics.map((m) => [m.name, m.value])).toEqual([
        ['ks', 0.47],
        ['roc_auc', 0.81],
      ]);
      expect(view.card.evidence.artifacts).toHaveLength(1);
      // The completeness rule blocks the high-risk version until its card is complete.
      const gate = await h
        .client('writer')
        .governance.checkGate({ model: 'scorer', version: '1.0.0', environment: 'production' });
      expect(gate.outcome).toBe('blocked');
      expect(gate.results.find((r) => r.rule === 'card-complete')).toMatchObject({
        status: 'fail',
        message: 'The model card is incomplete',
      });
    });

    it('saves revisions, skips a save that changes nothing, and ledgers a digest, never the text', async () => {
      const first = await author.cards.patch('scorer', '1.0.0', {
        set: { 'intendedUse.purpose': 'Rank loan applications by default risk' },
        append: { 'limitations.known': ['No recession in the training window'] },
      });
      expect(first.revision).toBe(1);
      expect(first.card.authored).toEqual({
        intendedUse: { purpose: 'Rank loan applications by default risk' },
        limitations: { known: ['No recession in the training window'] },
      });
      const again = await author.cards.patch('scorer', '1.0.0', {
        set: { 'intendedUse.purpose': 'Rank loan applications by default risk' },
      });
      expect(again.revision).toBe(1);
      const full = await author.cards.save('scorer', '1.0.0', CREDIT_RISK_CARD, {
        summary: 'Full text',
      });
      expect(full.revision).toBe(2);
      expect(full.card.evidence.changeLog.map((c) => [c.revision, c.author, c.summary])).toEqual([
        [1, 'author', 'Card created'],
        [2, 'author', 'Full text'],
      ]);
      // Author fields are complete; what is left is evidence the registry does not hold yet.
      expect(full.completeness.missing.map((m) => m.path)).toEqual([
        'evidence.trainingDatasets',
        'evidence.lineage',
        'evidence.signatures',
      ]);
      const entries = await h.client().auditEntries({ type: 'model-card-revised' });
      const last = entries.items.at(-1)!;
      expect(last.payload).toMatchObject({ revision: 2, digest: full.digest, tier: 'high' });
      expect(JSON.stringify(last.payload)).not.toContain('Rank loan applications');
      expect(JSON.stringify(last.payload)).not.toContain('credit-risk-analytics@northwind.example');
      expect((last.payload as { fieldsChanged: string[] }).fieldsChanged).toContain(
        'humanOversight.measures',
      );
    });

    it('lists revisions, reads one as it was saved, and diffs two', async () => {
      const revisions = await h.client('viewer').cards.revisions('scorer', '1.0.0');
      expect(revisions.map((r) => [r.revision, r.summary])).toEqual([
        [2, 'Full text'],
        [1, 'Card created'],
      ]);
      const one = await h.client('viewer').cards.get('scorer', '1.0.0', { revision: 1 });
      expect(one).toMatchObject({
        revision: 1,
        evidenceAsOf: 'revision',
        digest: revisions[1]?.digest,
      });
      const diff = await h.client('viewer').cards.diff('scorer', '1.0.0');
      expect(diff).toMatchObject({ from: 1, to: 2 });
      const paths = diff.changes.map((c) => c.path);
      expect(paths).toContain('details.description');
      expect(diff.changes.find((c) => c.path === 'intendedUse.purpose')).toMatchObject({
        change: 'changed',
        before: 'Rank loan applications by default risk',
      });
      expect(diff.changes.find((c) => c.path === 'limitations.known')?.itemsRemoved).toEqual([
        'No recession in the training window',
      ]);
      const fromEmpty = await h.client('viewer').cards.diff('scorer', '1.0.0', { from: 0, to: 1 });
      expect(fromEmpty.changes.map((c) => [c.path, c.change])).toEqual([
        ['intendedUse.purpose', 'added'],
        ['limitations.known', 'added'],
      ]);
      expect(
        (await errorOf(() => h.client().cards.get('scorer', '1.0.0', { revision: 9 }))).code,
      ).toBe('NOT_FOUND');
    });

    it('exports the card as Markdown and imports it back unchanged; refuses a file for another model', async () => {
      const markdown = await author.cards.exportMarkdown('scorer', '1.0.0');
      expect(
        markdown.startsWith('---\nschema: verity.model-card/v1\nmodel: scorer\nversion: 1.0.0\n'),
      ).toBe(true);
      const same = await h.client('writer').cards.importMarkdown('scorer', '1.0.0', markdown);
      expect(same.revision).toBe(2);
      const edited = markdown
        .replace('<!-- verity:details.licence -->', '')
        .replace('licence: Proprietary, internal use only', 'licence: Internal licence L-7');
      const imported = await h
        .client('writer')
        .cards.importMarkdown('scorer', '1.0.0', edited, { summary: 'Licence' });
      expect(imported.revision).toBe(3);
      expect(imported.card.authored.details?.licence).toBe('Internal licence L-7');
      await register('other', '1.0.0');
      const wrong = await errorOf(() => author.cards.importMarkdown('other', '1.0.0', markdown));
      expect(wrong).toMatchObject({ code: 'VALIDATION_ERROR', httpStatus: 400 });
      expect(wrong.message).toBe("the card file is for model 'scorer', not 'other'");
      const broken = await errorOf(() =>
        author.cards.importMarkdown('other', '1.0.0', 'no front matter'),
      );
      expect(broken.message).toMatch(/^card file, line 1:/);
      expect((await author.cards.get('other', '1.0.0')).revision).toBe(0);
    });

    it('refuses bad changes with stable codes and writes nothing', async () => {
      const before = await author.cards.get('scorer', '1.0.0');
      const cases = [
        () => author.cards.patch('scorer', '1.0.0', { set: { 'evidence.metrics': [] } }),
        () => author.cards.patch('scorer', '1.0.0', { set: { 'risk.tier': 'extreme' } }),
        () => author.cards.patch('scorer', '1.0.0', { set: { 'details.colour': 'blue' } }),
        () => author.cards.patch('scorer', '1.0.0', {}),
        () => author.cards.save('scorer', '1.0.0', { details: { owners: 'not a list' } }),
      ];
      for (const call of cases) expect((await errorOf(call)).code).toBe('VALIDATION_ERROR');
      const stale = await errorOf(() =>
        author.cards.patch(
          'scorer',
          '1.0.0',
          { set: { 'details.licence': 'x' } },
          { expectedRevision: 1 },
        ),
      );
      expect(stale).toMatchObject({
        code: 'CONFLICT',
        httpStatus: 409,
        details: { expectedRevision: 1, currentRevision: 3 },
      });
      expect(
        (
          await errorOf(() =>
            h.client('viewer').cards.patch('scorer', '1.0.0', { set: { 'details.licence': 'x' } }),
          )
        ).code,
      ).toBe('FORBIDDEN');
      expect(
        (
          await errorOf(() =>
            h
              .client('credit-dev')
              .cards.patch('scorer', '1.0.0', { set: { 'details.licence': 'x' } }),
          )
        ).code,
      ).toBe('FORBIDDEN');
      expect((await errorOf(() => author.cards.get('absent', '1.0.0'))).code).toBe('NOT_FOUND');
      const after = await author.cards.get('scorer', '1.0.0');
      expect(after.revision).toBe(before.revision);
      expect(after.digest).toBe(before.digest);
    });
  });

  describe.skipIf(engine.skip !== undefined)('sign-off, gates and freeze', () => {
    it('lets only someone who did not write the card sign it off, and a new revision needs a new sign-off', async () => {
      // A risk officer who also wrote a revision of the card may not sign it off.
      await register('reviewed', '1.0.0', 'high', h.client('risk-author'));
      await h
        .client('risk-writer')
        .cards.patch('reviewed', '1.0.0', { set: { 'details.licence': 'MIT' } });
      const byAuthor = await errorOf(() =>
        h.client('risk-writer').cards.approve('reviewed', '1.0.0'),
      );
      expect(byAuthor).toMatchObject({
        code: 'SEPARATION_OF_DUTIES',
        httpStatus: 403,
        details: { reason: 'wrote this card' },
      });
      await h
        .client('writer')
        .cards.patch('reviewed', '1.0.0', { set: { 'details.licence': 'MIT-0' } });
      const byVersionAuthor = await errorOf(() =>
        h.client('risk-author').cards.approve('reviewed', '1.0.0'),
      );
      expect(byVersionAuthor).toMatchObject({
        code: 'SEPARATION_OF_DUTIES',
        details: { reason: 'registered this version' },
      });
      const byWriter = await errorOf(() => h.client('writer').cards.approve('scorer', '1.0.0'));
      expect(byWriter.code).toBe('FORBIDDEN'); // contributors lack promotion:approve
      expect(
        (await errorOf(() => h.client('risk').cards.approve('scorer', '1.0.0', { revision: 2 })))
          .code,
      ).toBe('CONFLICT');
      const approved = await h.client('risk').cards.approve('scorer', '1.0.0', { revision: 3 });
      expect(approved).toMatchObject({ approved: true, approvedBy: 'risk', revision: 3 });
      expect((await errorOf(() => h.client('risk').cards.approve('scorer', '1.0.0'))).code).toBe(
        'CONFLICT',
      );
      const revised = await author.cards.patch('scorer', '1.0.0', {
        set: { 'details.licence': 'Internal licence L-8' },
      });
      expect(revised).toMatchObject({ revision: 4, approved: false });
      expect((await errorOf(() => h.client('risk').cards.approve('other', '1.0.0'))).code).toBe(
        'CONFLICT',
      );
    });

    it('blocks promotion while the card is incomplete or unapproved, naming the missing fields; passes once fixed; then freezes the card', async () => {
      await register('small', '1.0.0', 'minimal');
      const blocked = await h
        .client('writer')
        .governance.checkGate({ model: 'small', version: '1.0.0', environment: 'production' });
      expect(blocked.outcome).toBe('blocked');
      expect(blocked.results.map((r) => [r.rule, r.status])).toEqual([
        ['card-complete', 'fail'],
        ['card-approved', 'fail'],
      ]);
      const card = await h.client('writer').cards.get('small', '1.0.0');
      expect(card.completeness.missing.map((m) => m.path)).toEqual([
        'details.description',
        'details.contacts',
        'intendedUse.purpose',
      ]);
      expect(card.completeness.score).toBe(0.25);

      await author.cards.patch('small', '1.0.0', {
        set: {
          'details.description': 'Tags support tickets by topic',
          'details.contacts': ['support-ml@bank.example'],
          'intendedUse.purpose': 'Route tickets to the right queue',
        },
      });
      await h.client('risk').cards.approve('small', '1.0.0');
      const promotion = await h.client('writer').governance.requestPromotion({
        model: 'small',
        version: '1.0.0',
        environment: 'production',
      });
      expect(promotion.status).toBe('pending');
      const approved = await h
        .client('risk')
        .governance.approvePromotion(promotion.id, { reason: 'ok' });
      expect(approved.status).toBe('approved');

      const frozen = await errorOf(() =>
        author.cards.patch('small', '1.0.0', { set: { 'details.licence': 'MIT' } }),
      );
      expect(frozen).toMatchObject({ code: 'VERSION_FROZEN', httpStatus: 409 });
      const view = await author.cards.get('small', '1.0.0');
      expect(view).toMatchObject({ frozen: true, approved: true, revision: 1 });
      expect(view.card.evidence.promotions).toEqual([
        expect.objectContaining({
          environment: 'production',
          status: 'approved',
          requestedBy: 'writer',
          approvals: [
            expect.objectContaining({
              approver: 'risk',
              role: 'risk-officer',
              decision: 'approved',
              reason: 'ok',
            }),
          ],
        }),
      ]);
      expect(
        view.card.evidence.gateDecisions.map((d) => [d.environment, d.outcome, d.failedRules]),
      ).toEqual([
        ['production', 'blocked', ['card-gate/card-complete', 'card-gate/card-approved']],
        ['production', 'passed', []],
      ]);
    });

    it('voids an open promotion when the card changes under it', async () => {
      await register('voided', '1.0.0', 'minimal');
      const promotion = await h
        .client('writer')
        .governance.requestPromotion({ model: 'voided', version: '1.0.0', environment: 'staging' });
      expect(promotion.status).toBe('pending');
      await author.cards.patch('voided', '1.0.0', {
        set: { 'details.description': 'Now documented' },
      });
      expect((await h.client().governance.getPromotion(promotion.id)).status).toBe('voided');
    });
  });
});
