import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseControlCatalogueSource } from '../catalogue/load-catalogue.js';
import type { Control } from '../catalogue/schema.js';
import { AS_OF, attestation, baseFacts, ref } from './__fixtures__/facts.js';
import { CHECKS, MAX_EVIDENCE, runChecks } from './index.js';

function shippedControls(): Control[] {
  const source = readFileSync(new URL('../catalogue/data/controls.yaml', import.meta.url), 'utf8');
  const parsed = parseControlCatalogueSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.catalogue.controls;
}

const controls = shippedControls();
const subControls = controls.flatMap((c) => c.subControls);
const checkIds = subControls.flatMap((s) => (s.check === undefined ? [] : [s.check]));

describe('the check registry', () => {
  it('has a function for every check controls.yaml names, and no check that none names', () => {
    expect(checkIds.filter((id) => !Object.hasOwn(CHECKS, id))).toEqual([]);
    expect(Object.keys(CHECKS).filter((id) => !checkIds.includes(id))).toEqual([]);
    expect(Object.keys(CHECKS)).toHaveLength(27);
  });

  it.each(checkIds)('the compliant fixture meets %s', (id) => {
    const result = CHECKS[id]!(baseFacts());
    expect({ id, status: result.status, detail: result.detail }).toEqual({
      id,
      status: 'met',
      detail: result.detail,
    });
    expect(result.detail).toMatch(/^\S.*\.$/);
  });

  it('checks are pure: they leave the facts as they found them', () => {
    const facts = baseFacts();
    runChecks(facts, controls);
    expect(facts).toEqual(baseFacts());
  });

  it(`cites at most ${MAX_EVIDENCE} ledger entries, the most relevant first`, () => {
    const facts = baseFacts();
    facts.alerts = Array.from({ length: 30 }, (_, i) => ({
      id: `a-${i}`,
      severity: 'warning',
      firedAt: '2026-06-01T00:00:00.000Z',
      summary: `alert ${i}`,
      incidentKey: null,
      evidence: ref(1000 + i, 'alert-fired', '2026-06-01T00:00:00.000Z'),
    }));
    const result = CHECKS['alerts-handled']!(facts);
    expect(result.evidence).toHaveLength(MAX_EVIDENCE);
    expect(result.evidence[0]?.ledgerIndex).toBe(1000);
    expect(result.detail).toContain('30 alerts firing for more than 72 hours');
  });
});

describe('runChecks', () => {
  it('decides every sub-control of the catalogue, all met for the compliant fixture', () => {
    const results = runChecks(baseFacts(), controls);
    expect(results.map((r) => r.id)).toEqual(subControls.map((s) => s.id));
    expect(results.filter((r) => r.status !== 'met').map((r) => [r.id, r.detail])).toEqual([]);
    const c6 = results.find((r) => r.id === 'C6.1')!;
    expect(c6).toMatchObject({
      controlId: 'C6',
      title: 'Deployed versions signed',
      kind: 'automated',
      check: 'signed-versions',
    });
    expect(c6.remedy).toContain('verity sign');
    expect(results.find((r) => r.id === 'C5.3')).toMatchObject({ kind: 'attested', check: null });
  });

  it('refuses a sub-control that names an unknown check', () => {
    const broken: Control[] = [
      {
        ...controls[0]!,
        subControls: [{ ...controls[0]!.subControls[0]!, check: 'no-such-check' }],
      },
    ];
    expect(() => runChecks(baseFacts(), broken)).toThrow(
      "sub-control C1.1 names the check 'no-such-check', which does not exist",
    );
  });

  describe('attested sub-controls', () => {
    const c53 = (facts = baseFacts()) => runChecks(facts, controls).find((r) => r.id === 'C5.3')!;
    const c33 = (facts = baseFacts()) => runChecks(facts, controls).find((r) => r.id === 'C3.3')!;

    it('are met while the newest attestation is valid', () => {
      expect(c53()).toMatchObject({
        status: 'met',
        detail: 'Attested by grace on 2026-05-01, valid until 2026-10-28.',
        evidence: [{ ledgerIndex: 202, summary: 'grace attested C5.3: C5.3 done' }],
      });
    });

    it('are a gap once the attestation expired, and met again with a new one', () => {
      const facts = baseFacts();
      facts.attestations = facts.attestations.filter((a) => a.subControl !== 'C5.3');
      facts.attestations.push(attestation('C5.3', false, '2025-11-01T10:00:00.000Z', 180, 190));
      expect(c53(facts)).toMatchObject({
        status: 'gap',
        detail: 'The attestation by grace of 2025-11-01 expired on 2026-04-30.',
      });
      facts.attestations.unshift(attestation('C5.3', false, '2026-06-01T10:00:00.000Z', 180, 391));
      expect(c53(facts)).toMatchObject({ status: 'met', evidence: [{ ledgerIndex: 391 }] });
    });

    it('are a gap without an attestation', () => {
      const facts = baseFacts();
      facts.attestations = [];
      expect(c53(facts)).toMatchObject({
        status: 'gap',
        detail: 'No organisation-wide attestation is recorded.',
        evidence: [],
      });
      expect(c33(facts).detail).toBe('No attestation for this model is recorded.');
    });

    it('do not count an attestation of the wrong scope', () => {
      const facts = baseFacts();
      for (const a of facts.attestations) a.modelScoped = !a.modelScoped;
      expect(c33(facts)).toMatchObject({
        status: 'gap',
        detail:
          'No attestation for this model is recorded (an organisation-wide attestation does not count: this is attested per model).',
      });
      expect(c53(facts)).toMatchObject({
        status: 'gap',
        detail:
          'No organisation-wide attestation is recorded (a model-scoped attestation does not count: this is attested for the organisation).',
      });
    });

    it('do not count an attestation made after the posture date', () => {
      const facts = baseFacts();
      facts.attestations = [attestation('C5.3', false, '2026-07-01T10:00:00.000Z', 180, 500)];
      expect(c53(facts).status).toBe('gap');
      expect(facts.asOf).toBe(AS_OF);
    });

    it("apply the organisation's shorter validity when given", () => {
      const results = runChecks(baseFacts(), controls, { 'C5.3': 30 });
      expect(results.find((r) => r.id === 'C5.3')).toMatchObject({
        status: 'gap',
        detail: 'The attestation by grace of 2026-05-01 expired on 2026-05-31.',
      });
    });
  });
});
