import { describe, expect, it } from 'vitest';
import { PREVIOUS_ID, baseFacts, ref } from './__fixtures__/facts.js';
import { artifactIntegrity, robustnessTested, signedVersions } from './c6-integrity.js';

describe('signed-versions (C6.1)', () => {
  it('is a gap when the deployed version is signed only by a revoked key, and met once re-signed', () => {
    const facts = baseFacts();
    facts.signatures[0]!.keyRevoked = true;
    const result = signedVersions(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe(
      '1.4.0 is deployed in staging and production but has no signature by an unrevoked key (revoked: release-2026).',
    );
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([101]);
    facts.signatures.push({
      versionId: facts.version!.id,
      keyId: 'release-2026b',
      keyRevoked: false,
      createdAt: '2026-06-01T09:00:00.000Z',
      evidence: ref(390, 'model-signature-recorded', '2026-06-01T09:00:00.000Z'),
    });
    expect(signedVersions(facts)).toMatchObject({
      status: 'met',
      detail: '1.4.0 carries a signature by an unrevoked key.',
      evidence: [{ ledgerIndex: 390, summary: '1.4.0 signed with key release-2026b' }],
    });
  });

  it('is partial when one of two deployed versions is unsigned', () => {
    const facts = baseFacts();
    facts.deployments[0] = {
      ...facts.deployments[0]!,
      versionId: PREVIOUS_ID,
      versionLabel: '1.3.0',
    };
    expect(signedVersions(facts)).toMatchObject({
      status: 'partial',
      detail: '1.3.0 is deployed in staging but has no signature by an unrevoked key.',
    });
  });

  it('checks the assessed version when nothing is deployed', () => {
    const facts = baseFacts();
    facts.deployments = [];
    expect(signedVersions(facts).status).toBe('met');
    facts.signatures = [];
    expect(signedVersions(facts)).toMatchObject({
      status: 'gap',
      detail: '1.4.0 is not deployed but has no signature by an unrevoked key.',
    });
    facts.version = null;
    expect(signedVersions(facts).status).toBe('not-applicable');
  });
});

describe('artifact-integrity (C6.2)', () => {
  it('is a gap while an integrity failure has no closed incident, and met once it is closed', () => {
    const facts = baseFacts();
    facts.integrityFailures = [
      {
        at: '2026-05-20T08:00:00.000Z',
        ref: '1.4.0/model.onnx',
        incidentClosed: false,
        evidence: ref(370, 'artifact-integrity-failed', '2026-05-20T08:00:00.000Z'),
      },
    ];
    expect(artifactIntegrity(facts)).toMatchObject({
      status: 'gap',
      detail: '1 integrity failure without a closed incident: 1.4.0/model.onnx (2026-05-20).',
      evidence: [{ ledgerIndex: 370 }],
    });
    facts.integrityFailures[0]!.incidentClosed = true;
    expect(artifactIntegrity(facts)).toMatchObject({
      status: 'met',
      detail: '1 integrity failure recorded, each with a closed incident.',
    });
  });

  it('is met with no failure and not applicable without a version', () => {
    const facts = baseFacts();
    expect(artifactIntegrity(facts).detail).toBe(
      'No integrity failure is recorded for credit-scorer.',
    );
    facts.version = null;
    expect(artifactIntegrity(facts).status).toBe('not-applicable');
  });
});

describe('robustness-tested (C6.3)', () => {
  it('is a gap without robustness results and met once an evaluation has them', () => {
    const facts = baseFacts();
    facts.evaluations[0]!.hasRobustness = false;
    expect(robustnessTested(facts)).toEqual({
      status: 'gap',
      detail: 'None of the 2 evaluations of 1.4.0 measured robustness.',
      evidence: [],
    });
    facts.evaluations[0]!.hasRobustness = true;
    expect(robustnessTested(facts)).toMatchObject({
      status: 'met',
      detail: 'Robustness of 1.4.0 was measured in evaluation holdout on 2026-03-02.',
      evidence: [{ ledgerIndex: 102 }],
    });
  });

  it('does not count robustness measured on another version', () => {
    const facts = baseFacts();
    facts.evaluations[0]!.versionId = PREVIOUS_ID;
    expect(robustnessTested(facts).status).toBe('gap');
  });
});
