import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadPlaybook,
  loadShippedPlaybooks,
  SHIPPED_PLAYBOOK_NAMES,
  SHIPPED_PLAYBOOKS,
  type Playbook,
} from './index.js';

function shipped(name: string): Playbook {
  const playbook = loadShippedPlaybooks().find((p) => p.name === name);
  if (playbook === undefined) throw new Error(`no shipped playbook ${name}`);
  return playbook;
}

const summary = (playbook: Playbook) =>
  playbook.steps.map((s) => (s.kind === 'action' ? [s.id, s.auto, s.action.kind] : [s.id]));

describe('shipped playbooks', () => {
  it('lists every file in shipped/, so none is forgotten', () => {
    const files = readdirSync(new URL('./shipped/', import.meta.url)).filter((f) =>
      f.endsWith('.yaml'),
    );
    expect(files.map((f) => f.slice(0, -'.yaml'.length)).sort()).toEqual(
      [...SHIPPED_PLAYBOOK_NAMES].sort(),
    );
  });

  it.each(SHIPPED_PLAYBOOK_NAMES)('%s loads with no problems under its file name', (name) => {
    const entry = SHIPPED_PLAYBOOKS.find((p) => p.name === name)!;
    const result = loadPlaybook(entry.source);
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok && result.playbook.name).toBe(name);
  });

  it.each(SHIPPED_PLAYBOOK_NAMES)('%s explains every checklist step', (name) => {
    for (const step of shipped(name).steps) {
      if (step.kind === 'checklist' && step.id !== 'confirm-recovery') {
        expect(step.description, step.id).toBeDefined();
      }
    }
  });

  it('drift-rollback rolls production back at once, then checks, confirms and decides', () => {
    expect(summary(shipped('drift-rollback'))).toEqual([
      ['roll-back', true, 'rollback'],
      ['check-upstream-pipeline'],
      ['confirm-traffic-recovered'],
      ['decide-retraining'],
    ]);
  });

  it('bias-incident freezes the version and brings in compliance for Colorado and LL 144', () => {
    const playbook = shipped('bias-incident');
    expect(summary(playbook)).toEqual([
      ['freeze-version', true, 'freeze-version'],
      ['measure-impact-ratios'],
      ['notify-compliance'],
      ['assess-regulatory-duties'],
      ['decide-remediation'],
    ]);
    const duties = playbook.steps.find((s) => s.id === 'assess-regulatory-duties');
    expect(duties?.description).toMatch(/6-1-1703\(7\).*90 days.*§20-871/s);
  });

  it('privacy-breach ends in the Art 33 decision and the breach record', () => {
    const playbook = shipped('privacy-breach');
    expect(summary(playbook)).toEqual([
      ['contain'],
      ['assess-risk-to-data-subjects'],
      ['decide-art-33-notification'],
      ['document-breach'],
    ]);
    expect(playbook.steps[2]?.description).toMatch(/72\s+hours of becoming aware/);
    expect(playbook.steps[3]?.title).toMatch(/Art 33\(5\)/);
  });

  it('security-breach freezes versions, rotates credentials and verifies ledger and signatures', () => {
    expect(summary(shipped('security-breach'))).toEqual([
      ['freeze-affected-versions', true, 'freeze-version'],
      ['rotate-tokens-and-keys'],
      ['verify-ledger'],
      ['verify-model-signatures'],
    ]);
  });

  it('model-malfunction rolls back, captures inputs and finds the root cause', () => {
    expect(summary(shipped('model-malfunction'))).toEqual([
      ['roll-back', true, 'rollback'],
      ['capture-inputs'],
      ['confirm-recovery'],
      ['root-cause'],
    ]);
  });
});
