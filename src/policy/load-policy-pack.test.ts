import { describe, expect, it } from 'vitest';
import { isDigest, VerityError } from '../lib/index.js';
import {
  assertPolicyPack,
  loadPolicyPack,
  MAX_PACK_SOURCE_LENGTH,
  type LoadResult,
  type PolicyProblem,
} from './index.js';

/** A pack whose `rules:` block is `rules` (already indented by two spaces per rule). */
function pack(rules: string): string {
  return `apiVersion: verity.dev/v1
kind: PolicyPack
name: sample
description: A sample pack
rules:
${rules}`;
}

const GOOD_RULE = `  - id: version-signed
    description: Every artifact is covered by a valid model signature
    controls: [C6]
    severity: blocking
    when: environment.rank >= 2
    require: signatures.valid >= 1
    message: The version carries no valid model signature
`;

function problemsOf(result: LoadResult): PolicyProblem[] {
  if (result.ok) throw new Error('expected the pack to be refused');
  return result.problems;
}

function onlyProblem(source: string): PolicyProblem {
  const problems = problemsOf(loadPolicyPack(source));
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('loadPolicyPack', () => {
  it('compiles a valid pack into its normalised definition and digest', () => {
    const result = loadPolicyPack(pack(GOOD_RULE));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { pack: compiled } = result;
    expect(compiled.name).toBe('sample');
    expect(compiled.description).toBe('A sample pack');
    expect(isDigest(compiled.digest)).toBe(true);
    expect(compiled.definition).toEqual({
      apiVersion: 'verity.dev/v1',
      kind: 'PolicyPack',
      name: 'sample',
      description: 'A sample pack',
      rules: [
        {
          id: 'version-signed',
          description: 'Every artifact is covered by a valid model signature',
          controls: ['C6'],
          severity: 'blocking',
          when: 'environment.rank >= 2',
          require: 'signatures.valid >= 1',
          message: 'The version carries no valid model signature',
        },
      ],
    });
    expect(compiled.rules.map((r) => [r.id, r.when?.source, r.require.source])).toEqual([
      ['version-signed', 'environment.rank >= 2', 'signatures.valid >= 1'],
    ]);
    expect(Object.isFrozen(compiled.definition.rules[0])).toBe(true);
  });

  it('sorts and de-duplicates controls, defaults the description, reads a YAML boolean as CEL', () => {
    const source = `apiVersion: verity.dev/v1
kind: PolicyPack
name: sample
rules:
  - id: r
    description: d
    controls: [C10, C2, C10]
    severity: warning
    require: true
    message: m
`;
    const result = loadPolicyPack(source);
    expect(result.ok && result.pack.definition).toMatchObject({
      description: '',
      rules: [{ controls: ['C2', 'C10'], require: 'true' }],
    });
  });

  describe('when the YAML is malformed', () => {
    it('reports YAML_SYNTAX at the offending line', () => {
      const problem = onlyProblem(pack(`${GOOD_RULE}  - id: [unclosed\n`));
      expect(problem).toMatchObject({ code: 'YAML_SYNTAX', path: [], line: 14 });
    });

    it('reports a repeated key as YAML_SYNTAX', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('    message:', '    severity: warning\n    message:')),
      );
      expect(problem).toMatchObject({ code: 'YAML_SYNTAX', line: 12, column: 5 });
    });

    it('refuses an alias bomb instead of expanding it', () => {
      const bomb = [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        ...Array.from({ length: 8 }, (_, i) => {
          const prev = String.fromCharCode(97 + i);
          const name = String.fromCharCode(98 + i);
          return `${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`;
        }),
      ].join('\n');
      expect(problemsOf(loadPolicyPack(bomb))[0]?.code).toBe('YAML_SYNTAX');
    });
  });

  describe('when the document does not have the pack shape', () => {
    it('reports SCHEMA with the rule id and the line of the bad value', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('severity: blocking', 'severity: blocker')),
      );
      expect(problem).toMatchObject({
        code: 'SCHEMA',
        ruleId: 'version-signed',
        path: ['rules', 0, 'severity'],
        line: 9,
        column: 15,
      });
      expect(problem.message).toMatch(/^rules\[0\]\.severity: /);
    });

    it('reports an unknown field at its key', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('    require:', '    requires: x\n    require:')),
      );
      expect(problem).toMatchObject({
        code: 'SCHEMA',
        ruleId: 'version-signed',
        path: ['rules', 0, 'requires'],
        line: 11,
        column: 5,
        message: "rules[0]: unknown field 'requires'",
      });
    });

    it('reports a missing field at the rule that lacks it', () => {
      const problem = onlyProblem(pack(GOOD_RULE.replace(/ {4}message:.*\n/, '')));
      expect(problem).toMatchObject({
        code: 'SCHEMA',
        ruleId: 'version-signed',
        path: ['rules', 0, 'message'],
        line: 6,
        column: 5,
        message: 'rules[0].message: is required',
      });
    });

    it('refuses controls outside C1..C12 and an empty control list', () => {
      const problems = problemsOf(
        loadPolicyPack(
          pack(
            GOOD_RULE.replace('[C6]', '[C13]') +
              GOOD_RULE.replace('version-signed', 'other').replace('[C6]', '[]'),
          ),
        ),
      );
      expect(problems.map((p) => [p.code, p.ruleId, p.path.join('.'), p.line])).toEqual([
        ['SCHEMA', 'version-signed', 'rules.0.controls.0', 8],
        ['SCHEMA', 'other', 'rules.1.controls', 15],
      ]);
    });

    it('refuses a pack name that is not lowercase kebab-case', () => {
      const problem = onlyProblem(pack(GOOD_RULE).replace('name: sample', 'name: Sample_Pack'));
      expect(problem).toMatchObject({ code: 'SCHEMA', path: ['name'], line: 3, column: 7 });
    });

    it('refuses a source larger than the limit without parsing it', () => {
      const problem = onlyProblem(pack(GOOD_RULE) + '#'.repeat(MAX_PACK_SOURCE_LENGTH));
      expect(problem).toMatchObject({ code: 'SCHEMA', line: 1 });
    });
  });

  describe('when two rules share an id', () => {
    it('reports DUPLICATE_RULE at the second id', () => {
      const problem = onlyProblem(pack(GOOD_RULE + GOOD_RULE));
      expect(problem).toMatchObject({
        code: 'DUPLICATE_RULE',
        ruleId: 'version-signed',
        path: ['rules', 1, 'id'],
        line: 13,
        column: 9,
      });
    });
  });

  describe('when an expression is not valid CEL', () => {
    it('reports CEL_SYNTAX at the character inside the expression', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('signatures.valid >= 1', 'signatures.valid >= 1 )')),
      );
      expect(problem).toMatchObject({
        code: 'CEL_SYNTAX',
        ruleId: 'version-signed',
        field: 'require',
        path: ['rules', 0, 'require'],
        line: 11,
        column: 36,
      });
      expect(problem.message).toMatch(/^rule 'version-signed' require: syntax error: /);
    });
  });

  describe('when an expression does not type-check', () => {
    it('reports CEL_TYPE for an unknown field, at the field', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('signatures.valid >= 1', "model.nmae == 'x'")),
      );
      expect(problem).toMatchObject({
        code: 'CEL_TYPE',
        ruleId: 'version-signed',
        field: 'require',
        line: 11,
        column: 19,
        message:
          "rule 'version-signed' require: undefined field 'nmae' on model (did you mean 'name'?)",
      });
    });

    it('reports CEL_TYPE for a comparison of a number with a string', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('environment.rank >= 2', 'metrics.auc > "x"')),
      );
      expect(problem).toMatchObject({
        code: 'CEL_TYPE',
        field: 'when',
        line: 10,
        column: 23,
        message:
          "rule 'version-signed' when: no matching overload for '>' applied to (double, string)",
      });
    });

    it('reports CEL_TYPE for an undeclared variable', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('signatures.valid >= 1', 'signature.valid >= 1')),
      );
      expect(problem).toMatchObject({ code: 'CEL_TYPE', line: 11, column: 14 });
      expect(problem.message).toContain(
        "undeclared reference to 'signature' (did you mean 'signatures'?)",
      );
    });

    it('reports CEL_RESULT_NOT_BOOL for an expression that yields a number', () => {
      const problem = onlyProblem(
        pack(GOOD_RULE.replace('signatures.valid >= 1', 'signatures.valid')),
      );
      expect(problem).toMatchObject({
        code: 'CEL_RESULT_NOT_BOOL',
        ruleId: 'version-signed',
        field: 'require',
        line: 11,
        column: 14,
      });
      expect(problem.message).toContain('its type is int');
    });
  });

  describe('when an expression nests comprehensions too deeply', () => {
    it('reports CEL_TOO_COSTLY at the innermost excess comprehension', () => {
      const loop = '[1,2,3].all(a, [1,2,3].all(b, [1,2,3].all(c, a + b + c > 0)))';
      const problem = onlyProblem(pack(GOOD_RULE.replace('signatures.valid >= 1', `'${loop}'`)));
      expect(problem).toMatchObject({
        code: 'CEL_TOO_COSTLY',
        ruleId: 'version-signed',
        field: 'require',
        line: 11,
        column: 52,
      });
    });

    it('allows two levels of nesting and chains of comprehensions', () => {
      const nested = 'evaluationRuns.all(e, datasets.exists(d, d.ref == e.dataset))';
      const chained = 'version.artifacts.map(a, a.size).filter(s, s > 0).all(s, s < 10)';
      expect(loadPolicyPack(pack(GOOD_RULE.replace('signatures.valid >= 1', nested))).ok).toBe(
        true,
      );
      expect(loadPolicyPack(pack(GOOD_RULE.replace('signatures.valid >= 1', chained))).ok).toBe(
        true,
      );
    });
  });

  describe('positions inside YAML strings', () => {
    it('maps an error in a literal block scalar to its line and column', () => {
      const rule = GOOD_RULE.replace(
        '    require: signatures.valid >= 1\n',
        '    require: |\n      signatures.valid >= 1 &&\n        card.exist\n',
      );
      const problem = onlyProblem(pack(rule));
      expect(problem).toMatchObject({ code: 'CEL_TYPE', line: 13, column: 13 });
    });

    it('maps an error in a folded scalar to its line and column', () => {
      const rule = GOOD_RULE.replace(
        '    require: signatures.valid >= 1\n',
        '    require: >-\n      signatures.valid >= 1 &&\n      card.exist\n',
      );
      expect(onlyProblem(pack(rule))).toMatchObject({ code: 'CEL_TYPE', line: 13, column: 11 });
    });

    it('maps an error after an escaped quote in a single-quoted scalar', () => {
      const rule = GOOD_RULE.replace(
        '    require: signatures.valid >= 1\n',
        "    require: 'model.name == ''its'' && card.exist'\n",
      );
      expect(onlyProblem(pack(rule))).toMatchObject({ code: 'CEL_TYPE', line: 11, column: 44 });
    });

    it('falls back to the start of a string whose escapes cannot be mapped', () => {
      const rule = GOOD_RULE.replace(
        '    require: signatures.valid >= 1\n',
        '    require: "model.name == \'\\t\' && card.exist"\n',
      );
      expect(onlyProblem(pack(rule))).toMatchObject({ code: 'CEL_TYPE', line: 11, column: 14 });
    });
  });

  it('reports every problem of every rule in one pass, in source order, each mistake once', () => {
    const source = pack(
      GOOD_RULE.replace('signatures.valid >= 1', 'model.nmae').replace('blocking', 'fatal') +
        GOOD_RULE.replace('environment.rank >= 2', 'environment.rank >=') +
        GOOD_RULE.replace('signatures.valid >= 1', 'metrics.auc >= "high"'),
    );
    expect(problemsOf(loadPolicyPack(source)).map((p) => [p.code, p.line])).toEqual([
      ['SCHEMA', 9],
      ['CEL_TYPE', 11],
      ['DUPLICATE_RULE', 13],
      ['CEL_SYNTAX', 17],
      ['DUPLICATE_RULE', 20],
      ['CEL_TYPE', 25],
    ]);
  });
});

describe('assertPolicyPack', () => {
  it('returns the compiled pack when it loads', () => {
    expect(assertPolicyPack(pack(GOOD_RULE)).name).toBe('sample');
  });

  it('throws POLICY_INVALID naming the pack and counting its problems', () => {
    const source = pack(GOOD_RULE + GOOD_RULE.replace('>= 1', '>= "one"'));
    let thrown: unknown;
    try {
      assertPolicyPack(source);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VerityError);
    const error = thrown as VerityError;
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toBe('sample: 2 problems');
    const problems = error.details.problems as PolicyProblem[];
    expect(problems.map((p) => p.code)).toEqual(['DUPLICATE_RULE', 'CEL_TYPE']);
  });
});

describe('pack digest', () => {
  const reformatted = `# The same pack, written differently.
kind: "PolicyPack"
apiVersion: 'verity.dev/v1'
description: >
  A sample pack
name: sample
rules:
  - message: "The version carries no valid model signature"
    require: |
      signatures.valid >= 1
    when: "environment.rank >= 2"
    severity: blocking
    controls:
      - C6
    description: Every artifact is covered by a valid model signature
    id: version-signed
`;

  it('does not change when the YAML is re-formatted', () => {
    const a = assertPolicyPack(pack(GOOD_RULE));
    const b = assertPolicyPack(reformatted);
    expect(b.digest).toBe(a.digest);
  });

  it('changes when a rule changes', () => {
    const a = assertPolicyPack(pack(GOOD_RULE));
    const b = assertPolicyPack(pack(GOOD_RULE.replace('>= 1', '>= 2')));
    const c = assertPolicyPack(pack(GOOD_RULE.replace('blocking', 'warning')));
    expect(new Set([a.digest, b.digest, c.digest]).size).toBe(3);
  });
});
