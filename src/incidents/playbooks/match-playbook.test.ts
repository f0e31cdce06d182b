import { describe, expect, it } from 'vitest';
import { assertPlaybook, loadShippedPlaybooks, matchPlaybook, type Playbook } from './index.js';

function playbook(name: string, appliesTo: string): Playbook {
  return assertPlaybook(`apiVersion: verity.dev/v1
kind: Playbook
name: ${name}
${appliesTo}
steps:
  - { id: look, title: Look, kind: checklist }
`);
}

describe('matchPlaybook', () => {
  const sev1Drift = playbook('sev1-drift', 'appliesTo: { types: [drift], severities: [SEV1] }');
  const anyDrift = playbook('any-drift', 'appliesTo: { types: [drift] }');
  const anySev1 = playbook('any-sev1', 'appliesTo: { severities: [SEV1] }');
  const fallback = playbook('fallback', '');
  const all = [sev1Drift, anyDrift, anySev1, fallback];

  it('takes the first playbook whose filters all match, in the order given', () => {
    expect(matchPlaybook(all, { type: 'drift', severity: 'SEV1' })?.name).toBe('sev1-drift');
    expect(matchPlaybook(all, { type: 'drift', severity: 'SEV3' })?.name).toBe('any-drift');
    expect(matchPlaybook(all, { type: 'bias', severity: 'SEV1' })?.name).toBe('any-sev1');
    expect(matchPlaybook([...all].reverse(), { type: 'drift', severity: 'SEV1' })?.name).toBe(
      'fallback',
    );
  });

  it('treats a playbook without filters as matching everything', () => {
    expect(matchPlaybook(all, { type: 'misuse', severity: 'SEV4' })?.name).toBe('fallback');
  });

  it('returns undefined when nothing applies', () => {
    expect(matchPlaybook([sev1Drift, anyDrift], { type: 'bias', severity: 'SEV1' })).toBe(
      undefined,
    );
    expect(matchPlaybook([], { type: 'drift', severity: 'SEV1' })).toBe(undefined);
  });

  it('matches nothing filtered on an unknown type or severity', () => {
    expect(matchPlaybook([sev1Drift, anySev1], { type: 'drift', severity: 'sev1' })).toBe(
      undefined,
    );
  });
});

describe('matchPlaybook over the shipped playbooks', () => {
  const shipped = loadShippedPlaybooks();
  const chosen = (type: string, severity: string) =>
    matchPlaybook(shipped, { type, severity })?.name;

  it('chooses the playbook for each kind of incident', () => {
    expect(chosen('drift', 'SEV1')).toBe('drift-rollback');
    expect(chosen('performance', 'SEV2')).toBe('drift-rollback');
    expect(chosen('bias', 'SEV3')).toBe('bias-incident');
    expect(chosen('privacy-breach', 'SEV4')).toBe('privacy-breach');
    expect(chosen('security-breach', 'SEV1')).toBe('security-breach');
    expect(chosen('integrity', 'SEV2')).toBe('security-breach');
    expect(chosen('malfunction', 'SEV2')).toBe('model-malfunction');
  });

  it('does not roll back production for minor drift', () => {
    expect(chosen('drift', 'SEV3')).toBe(undefined);
    expect(chosen('performance', 'SEV4')).toBe(undefined);
  });
});
