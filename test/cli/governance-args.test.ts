import { describe, expect, it } from 'vitest';
import { environmentConfig } from '../../src/cli/commands/env.js';
import {
  parseNameList,
  parseQuorum,
  parseScope,
  passwordChangeFromStdin,
  passwordFromStdin,
  subjectOf,
} from '../../src/cli/governance-args.js';
import { policyProblemsText, ruleResultsTable } from '../../src/cli/governance-format.js';
import type { Environment } from '../../src/client/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('governance argument parsers', () => {
  it('splits comma lists, trims them, and reads an empty string as an empty list', () => {
    expect(parseNameList('baseline, bank-model-risk ,', 'pack')).toEqual([
      'baseline',
      'bank-model-risk',
    ]);
    expect(parseNameList('', 'pack')).toEqual([]);
    expect(codeOf(() => parseNameList('a,b,a', 'pack'))).toBe('VALIDATION_ERROR');
  });

  it('reads a quorum as role=count pairs and refuses counts below 1, repeats and bare roles', () => {
    expect(parseQuorum('risk-officer=1,maintainer=2')).toEqual({
      'risk-officer': 1,
      maintainer: 2,
    });
    expect(parseQuorum('')).toEqual({});
    for (const bad of ['risk-officer', 'maintainer=0', 'maintainer=x', 'a=1,a=2', '=1']) {
      expect(
        codeOf(() => parseQuorum(bad)),
        bad,
      ).toBe('VALIDATION_ERROR');
    }
  });

  it('reads a token scope as role@namespace, or a role alone for every namespace', () => {
    expect(parseScope('contributor@fraud')).toEqual({ role: 'contributor', namespace: 'fraud' });
    expect(parseScope('viewer')).toEqual({ role: 'viewer', namespace: '*' });
    for (const bad of ['@fraud', 'contributor@', 'a@b@c']) {
      expect(
        codeOf(() => parseScope(bad)),
        bad,
      ).toBe('VALIDATION_ERROR');
    }
  });

  it('needs exactly one of --user and --group for a binding subject', () => {
    expect(subjectOf({ user: 'ana' })).toBe('user:ana');
    expect(subjectOf({ group: 'risk' })).toBe('group:risk');
    expect(codeOf(() => subjectOf({}))).toBe('VALIDATION_ERROR');
    expect(codeOf(() => subjectOf({ user: 'a', group: 'b' }))).toBe('VALIDATION_ERROR');
  });

  it('takes a password from stdin without its trailing newline, and refuses several lines', () => {
    expect(passwordFromStdin('Correct-Horse-9 \n')).toBe('Correct-Horse-9 ');
    expect(passwordFromStdin('pw\r\n')).toBe('pw');
    expect(codeOf(() => passwordFromStdin('\n'))).toBe('VALIDATION_ERROR');
    expect(codeOf(() => passwordFromStdin('a\nb\n'))).toBe('VALIDATION_ERROR');
  });

  it('takes a new password and an optional current one for set-password', () => {
    expect(passwordChangeFromStdin('New-Password-9\n')).toEqual({ password: 'New-Password-9' });
    expect(passwordChangeFromStdin('New-Password-9\r\nOld-Password-1\n')).toEqual({
      password: 'New-Password-9',
      currentPassword: 'Old-Password-1',
    });
    expect(codeOf(() => passwordChangeFromStdin(''))).toBe('VALIDATION_ERROR');
    expect(codeOf(() => passwordChangeFromStdin('\nold\n'))).toBe('VALIDATION_ERROR');
    expect(codeOf(() => passwordChangeFromStdin('a\n\n'))).toBe('VALIDATION_ERROR');
    expect(codeOf(() => passwordChangeFromStdin('a\nb\nc\n'))).toBe('VALIDATION_ERROR');
  });
});

describe('env set', () => {
  const current: Environment = {
    name: 'staging',
    description: 'pre-production',
    rank: 1,
    policyPacks: ['baseline'],
    quorum: { maintainer: 1 },
    approvalTtlDays: 30,
    freezeOnApproval: false,
    updatedAt: '2026-03-01T09:00:00.000Z',
    updatedBy: 'alice',
  };

  it('keeps the current values of options not given and replaces those given', () => {
    expect(environmentConfig(current, { ttlDays: 7, packs: '' })).toEqual({
      description: 'pre-production',
      rank: 1,
      policyPacks: [],
      quorum: { maintainer: 1 },
      approvalTtlDays: 7,
      freezeOnApproval: false,
    });
    expect(environmentConfig(current, { freeze: true }).freezeOnApproval).toBe(true);
  });

  it('creates with the server’s defaults, and needs a rank to create', () => {
    expect(environmentConfig(undefined, { rank: 0 })).toEqual({
      description: '',
      rank: 0,
      policyPacks: [],
      quorum: {},
      approvalTtlDays: 30,
      freezeOnApproval: false,
    });
    expect(codeOf(() => environmentConfig(undefined, { packs: 'baseline' }))).toBe(
      'VALIDATION_ERROR',
    );
  });
});

describe('governance output', () => {
  it('lists every rule with its status, and the message of a failed rule', () => {
    const text = ruleResultsTable({
      results: [
        {
          pack: 'baseline',
          packDigest: 'sha256:00',
          rule: 'owner-recorded',
          description: 'The model has an owner.',
          controls: ['C1'],
          severity: 'blocking',
          status: 'pass',
          message: '',
        },
        {
          pack: 'baseline',
          packDigest: 'sha256:00',
          rule: 'training-run-recorded',
          description: 'Linked to a run.',
          controls: ['C4'],
          severity: 'blocking',
          status: 'fail',
          message: 'No run.',
        },
        {
          pack: 'baseline',
          packDigest: 'sha256:00',
          rule: 'auc',
          description: 'AUC.',
          controls: ['C9'],
          severity: 'blocking',
          status: 'error',
          message: 'no such key: auc',
          errorCode: 'RULE_RUNTIME_ERROR',
        },
      ],
    }).split('\n');
    expect(lines(text)).toEqual([
      ['STATUS', 'PACK', 'RULE', 'SEVERITY', 'MESSAGE'],
      ['pass', 'baseline', 'owner-recorded', 'blocking', 'The model has an owner.'],
      ['FAIL', 'baseline', 'training-run-recorded', 'blocking', 'No run.'],
      ['ERROR', 'baseline', 'auc', 'blocking', 'no such key: auc [RULE_RUNTIME_ERROR]'],
    ]);
  });

  it('prints each pack problem with line:column, code and rule, naming the rule once', () => {
    expect(
      policyProblemsText([
        {
          code: 'CEL_TYPE',
          ruleId: 'typo',
          field: 'require',
          line: 10,
          column: 19,
          message: "rule 'typo' require: undefined field 'ownr'",
        },
        { code: 'DUPLICATE_RULE', ruleId: 'dup', line: 20, column: 9, message: 'already used' },
        { code: 'SCHEMA', message: 'name: required' },
      ]),
    ).toBe(
      [
        "  10:19 [CEL_TYPE] rule 'typo' require: undefined field 'ownr'",
        '  20:9 rule dup: [DUPLICATE_RULE] already used',
        '  - [SCHEMA] name: required',
      ].join('\n'),
    );
  });
});

/** A table's rows split on its column gaps (two spaces or more). */
function lines(rows: string[]): string[][] {
  return rows.map((row) => row.split(/ {2,}/));
}
