import { describe, expect, it } from 'vitest';
import { thrownReason } from './__fixtures__/thrown-reason.js';
import {
  buildStatement,
  digestSetsMatch,
  IN_TOTO_STATEMENT_TYPE,
  parseStatement,
  statementIssues,
} from './in-toto.js';

const sha = 'a'.repeat(64);
const statement = {
  _type: IN_TOTO_STATEMENT_TYPE,
  subject: [{ name: 'weights.bin', digest: { sha256: sha } }],
  predicateType: 'https://example.com/predicate/v1',
  predicate: { ok: true },
};
const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('buildStatement (in-toto Statement v1, §5)', () => {
  it('sets _type and keeps subject, predicateType and predicate', () => {
    expect(
      buildStatement({
        subject: statement.subject,
        predicateType: statement.predicateType,
        predicate: statement.predicate,
      }),
    ).toEqual(statement);
  });

  it('omits an absent predicate (it is optional)', () => {
    expect(buildStatement({ subject: statement.subject, predicateType: 'x' })).not.toHaveProperty(
      'predicate',
    );
  });

  it('lists every problem with the subjects', () => {
    expect(() =>
      buildStatement({
        subject: [
          { name: 'a', digest: { sha256: 'ABC' } },
          { name: 'b', digest: {} },
        ],
        predicateType: '',
      }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    const issues = statementIssues({
      ...statement,
      predicateType: '',
      subject: [{ digest: { sha256: 'ABC' } }, { digest: {} }, { digest: { sha256: 'ab' } }],
    });
    expect(issues.map((i) => i.path)).toEqual([
      ['predicateType'],
      ['subject', 0, 'digest', 'sha256'],
      ['subject', 1, 'digest'],
      ['subject', 2, 'digest', 'sha256'],
    ]);
  });
});

describe('parseStatement', () => {
  it('parses the verified bytes and ignores unknown fields', () => {
    const parsed = parseStatement(bytes({ ...statement, extra: 1 }));
    expect(parsed.subject[0]?.digest.sha256).toBe(sha);
  });

  describe('when the payload is not UTF-8 JSON', () => {
    it.each([
      ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0x7d])],
      ['not JSON', Buffer.from('{"_type":')],
    ])('fails %s with STATEMENT_INVALID', (_, payload) => {
      expect(thrownReason(() => parseStatement(payload))).toBe('STATEMENT_INVALID');
    });
  });

  describe('when the statement is not an in-toto Statement v1', () => {
    it.each<[string, unknown]>([
      ['an array', [statement]],
      ['the v0.1 _type', { ...statement, _type: 'https://in-toto.io/Statement/v0.1' }],
      ['no subject', { ...statement, subject: [] }],
      ['a subject without digest', { ...statement, subject: [{ name: 'x' }] }],
      ['an uppercase digest', { ...statement, subject: [{ digest: { sha256: 'A'.repeat(64) } }] }],
      ['a numeric predicateType', { ...statement, predicateType: 1 }],
      ['a string predicate', { ...statement, predicate: 'p' }],
    ])('fails %s with STATEMENT_INVALID', (_, value) => {
      expect(thrownReason(() => parseStatement(bytes(value)))).toBe('STATEMENT_INVALID');
    });
  });
});

describe('digestSetsMatch (§5: by digest only)', () => {
  it('matches on a shared algorithm, whatever the names', () => {
    expect(digestSetsMatch({ sha256: sha }, { sha256: sha, sha512: 'b'.repeat(128) })).toBe(true);
  });

  it('refuses sets that share no algorithm or disagree on one', () => {
    expect(digestSetsMatch({ sha256: sha }, { sha512: 'b'.repeat(128) })).toBe(false);
    expect(
      digestSetsMatch(
        { sha256: sha, sha512: 'b'.repeat(128) },
        { sha256: sha, sha512: 'c'.repeat(128) },
      ),
    ).toBe(false);
  });
});
