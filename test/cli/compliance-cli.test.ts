import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelPosture, RiskView, ScopeView } from '../../src/client/index.js';
import { publishShippedCatalogue } from '../../src/compliance/index.js';
import { CLIENT_ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { errorOf, jsonOf, runCli, type CliResult } from './run-cli.js';

const ANSWERS_YAML = `# Plain Annex III 5(b) credit scoring
prohibitedManipulation: false
prohibitedExploitingVulnerabilities: false
prohibitedSocialScoring: false
prohibitedCrimePrediction: false
prohibitedFacialScraping: false
prohibitedEmotionInference: false
prohibitedBiometricCategorisation: false
prohibitedRealTimeBiometricId: false
prohibitedIntimateImagery: false
prohibitedChildAbuseMaterial: false
annexIProduct: false
annexIIIArea: essential-services
annexIIIPoint: 5(b)
profilesNaturalPersons: false
derogationCondition: none
interactsWithPersons: false
generatesSyntheticContent: false
emotionOrBiometricCategorisation: false
deepFakes: false
publicInterestText: false
`;

/**
 * `verity compliance ...` and `verity audit verify-bundle` as the real binary against a server.
 * The CLI only talks HTTP, and the routes behind it run on both engines in
 * test/api/compliance-routes.test.ts, so these (slow: one process per command) run on one engine.
 */
describe.each(CLIENT_ENGINES)('verity compliance on $name', (engine) => {
  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', { timeout: 120_000 }, () => {
    let h: Harness;
    let work: string;
    const as = (user: string, ...args: string[]): Promise<CliResult> =>
      runCli(args, {
        VERITY_URL: h.baseUrl,
        VERITY_TOKEN: h.token(user),
        VERITY_HOME: '/nonexistent',
      });
    const cli = (...args: string[]) => as('officer', ...args);

    beforeAll(async () => {
      h = await startHarness(engine);
      work = mkdtempSync(join(tmpdir(), 'verity-compliance-cli-'));
      await h.addUsers([
        { name: 'officer', roles: [{ role: 'compliance-officer' }] },
        { name: 'rita', roles: [{ role: 'risk-officer' }] },
      ]);
      await publishShippedCatalogue(h.runtime.registry);
      const admin = h.client();
      await admin.createModel({ name: 'scorer', owner: 'rita' });
      await admin.registerVersion('scorer', {
        label: '1.0.0',
        format: 'other',
        files: [await upload(admin, 'model.bin', 'weights 1.0.0')],
      });
    });
    afterAll(async () => {
      await h?.close();
      if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it('sets the scope, then classifies from an answers file and prints the reasoning', async () => {
      const set = await cli(
        '--json',
        'compliance',
        'scope',
        'set',
        'scorer',
        '--jurisdiction',
        'EU',
        '--sector',
        'banking',
        '--area',
        'essential-services',
        '--flag',
        'personal-data',
      );
      expect(set.code).toBe(0);
      expect(jsonOf<ScopeView>(set)).toMatchObject({ revision: 1, flags: ['personal-data'] });
      const answers = join(work, 'answers.yaml');
      writeFileSync(answers, ANSWERS_YAML);
      const classified = await cli('compliance', 'classify', 'scorer', '--answers', answers);
      expect(classified.code).toBe(0);
      expect(classified.stdout).toMatch(/^EU AI Act tier\s+HIGH$/m);
      expect(classified.stdout).toMatch(/^Annex III point\s+5\(b\)$/m);
      expect(classified.stdout).toMatch(/^1\. /m);
      const shown = jsonOf<ScopeView>(await cli('--json', 'compliance', 'scope', 'show', 'scorer'));
      expect([shown.revision, shown.flags, shown.euClassification?.tier]).toEqual([
        2,
        ['personal-data'],
        'high',
      ]);
    });

    it('refuses to classify a model without a scope, with exit 2', async () => {
      await h.client().createModel({ name: 'unscoped' });
      const answers = join(work, 'answers.yaml');
      const result = await cli(
        '--json',
        'compliance',
        'classify',
        'unscoped',
        '--answers',
        answers,
      );
      expect(result.code).toBe(2);
      expect(errorOf(result).code).toBe('USAGE_ERROR');
    });

    it('adds a risk with mitigations and residual scores; its owner cannot accept it (exit 2)', async () => {
      const added = await cli(
        '--json',
        'compliance',
        'risk',
        'add',
        'scorer',
        '--category',
        'bias',
        '--title',
        'Lower approval rate for young applicants',
        '--likelihood',
        '3',
        '--impact',
        '4',
        '--owner',
        'rita',
        '--mitigation',
        'Reweigh the training data',
        '--residual',
        '2,3',
        '--review-due',
        '2026-06-30',
      );
      expect(added.code).toBe(0);
      const risk = jsonOf<RiskView>(added);
      expect(risk).toMatchObject({
        score: 12,
        residualScore: 6,
        reviewDue: '2026-06-30',
        mitigations: [{ description: 'Reweigh the training data', status: 'planned' }],
      });
      const list = await cli('compliance', 'risk', 'list', 'scorer');
      expect(list.stdout).toContain('3×4=12');
      const byOwner = await as(
        'rita',
        '--json',
        'compliance',
        'risk',
        'accept',
        'scorer',
        risk.id,
        '--justification',
        'fine by me',
      );
      expect(byOwner.code).toBe(2);
      expect(errorOf(byOwner).code).toBe('SEPARATION_OF_DUTIES');
      const accepted = await cli(
        'compliance',
        'risk',
        'accept',
        'scorer',
        risk.id,
        '--justification',
        'within appetite',
      );
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain('accepted by officer');
      const badResidual = await cli(
        'compliance',
        'risk',
        'update',
        'scorer',
        risk.id,
        '--residual',
        '2',
      );
      expect(badResidual.code).toBe(2);
    });

    it('starts an assessment and answers a question with --set', async () => {
      const started = await cli('--json', 'compliance', 'assessment', 'start', 'scorer', 'dpia');
      expect(started.code).toBe(0);
      const { id } = jsonOf<{ id: string }>(started);
      const template = jsonOf<{ sections: { questions: { id: string; type: string }[] }[] }>(
        await cli('--json', 'compliance', 'assessment', 'template', 'dpia'),
      );
      const question = template.sections.flatMap((s) => s.questions).find((q) => q.type === 'text');
      expect(question).toBeDefined();
      const answered = await cli(
        '--json',
        'compliance',
        'assessment',
        'answer',
        'scorer',
        id,
        '--set',
        `${question!.id}=Answered from the command line`,
      );
      expect(answered.code).toBe(0);
      expect(jsonOf<{ answers: Record<string, unknown> }>(answered).answers[question!.id]).toBe(
        'Answered from the command line',
      );
      const shown = await cli('compliance', 'assessment', 'show', 'scorer', id);
      expect(shown.stdout).toContain(`${question!.id}: Answered from the command line`);
    });

    it('prints a model’s posture per control with the gaps explained, and the organisation’s', async () => {
      const posture = await cli('compliance', 'posture', 'scorer');
      expect(posture.code).toBe(0);
      expect(posture.stdout).toMatch(/^CONTROL\s+STATUS\s+MET\s+TITLE$/m);
      expect(posture.stdout).toMatch(/^C1\s+/m);
      expect(posture.stdout).toContain('gaps and partials:');
      expect(posture.stdout).toMatch(/^\s+next: /m);
      const json = jsonOf<ModelPosture>(
        await cli('--json', 'compliance', 'posture', 'scorer@1.0.0'),
      );
      expect(json.versionBasis).toBe('explicit');
      const org = await cli('compliance', 'posture');
      expect(org.stdout).toMatch(/^MODEL\s+VERSION\s+C1\s+C2/m);
      expect(org.stdout).toMatch(/^scorer\s+1\.0\.0/m);
    });

    it('writes a report and says how long it took', async () => {
      const out = join(work, 'scorer.md');
      const result = await cli(
        'compliance',
        'report',
        'scorer',
        '--format',
        'markdown',
        '--out',
        out,
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`wrote ${out}`);
      expect(result.stdout).toMatch(/^audit cycle\s+\d+\.\d\d s to produce/m);
      expect(readFileSync(out, 'utf8')).toContain('scorer');
      const kpis = jsonOf<{ auditCycleMs: number | null }>(
        await cli('--json', 'compliance', 'kpis'),
      );
      expect(kpis.auditCycleMs).not.toBeNull();
      const usage = await cli('compliance', 'report', 'scorer', '--organisation');
      expect(usage.code).toBe(2);
    });

    it('writes a bundle that `audit verify-bundle` verifies, and fails (exit 1) once edited', async () => {
      const out = join(work, 'scorer.bundle.json');
      const written = await cli('compliance', 'bundle', 'scorer', '--out', out);
      expect(written.code).toBe(0);
      expect(existsSync(out)).toBe(true);
      const verified = await cli('audit', 'verify-bundle', out);
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain('(compliance bundle)');
      expect(verified.stdout).toContain('OK: ');
      const tampered = join(work, 'tampered.bundle.json');
      writeFileSync(tampered, readFileSync(out, 'utf8').replace('"scorer"', '"scorer-2"'));
      const refused = await cli('--json', 'audit', 'verify-bundle', tampered);
      expect(refused.code).toBe(1);
      expect(errorOf(refused).code).toBe('EVIDENCE_INVALID');
      expect(jsonOf<{ ok: boolean }>(refused).ok).toBe(false);
    });

    it('changes settings with --set and compares two versions', async () => {
      const settings = jsonOf<{ logRetentionDays: number; adoptedFrameworks: string[] }>(
        await cli(
          '--json',
          'compliance',
          'settings',
          '--set',
          'logRetentionDays=200',
          '--set',
          'adoptedFrameworks=nist-ai-rmf',
        ),
      );
      expect(settings).toMatchObject({
        logRetentionDays: 200,
        adoptedFrameworks: ['nist-ai-rmf'],
      });
      const diff = await cli('compliance', 'diff', 'scorer', '--versions', '1.0.0', '1.0.0');
      expect(diff.code).toBe(0);
      expect(diff.stdout).toContain('0 improved, 0 regressed');
      const usage = await cli('compliance', 'diff', 'scorer', '--versions', '1.0.0');
      expect(usage.code).toBe(2);
    });
  });
});
