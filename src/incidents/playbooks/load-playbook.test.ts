import { describe, expect, it } from 'vitest';
import { isDigest, ValidationError } from '../../lib/index.js';
import {
  ACTION_KINDS,
  assertPlaybook,
  loadPlaybook,
  MAX_PLAYBOOK_SOURCE_LENGTH,
  type PlaybookLoadResult,
  type PlaybookProblem,
} from './index.js';

/** A playbook whose `steps:` block is `steps` (already indented by two spaces per step). */
function playbook(steps: string, head = ''): string {
  return `apiVersion: verity.dev/v1
kind: Playbook
name: sample
description: A sample playbook
${head}steps:
${steps}`;
}

const ROLLBACK_STEP = `  - id: roll-back
    title: Roll production back
    kind: action
    auto: true
    action: { kind: rollback }
`;
const CHECK_STEP = `  - id: confirm-traffic
    title: Confirm the previous version serves traffic
    kind: checklist
`;

function problemsOf(result: PlaybookLoadResult): PlaybookProblem[] {
  if (result.ok) throw new Error('expected the playbook to be refused');
  return result.problems;
}

function onlyProblem(source: string): PlaybookProblem {
  const problems = problemsOf(loadPlaybook(source));
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('loadPlaybook', () => {
  it('loads a valid playbook into its normalised, frozen form with a digest', () => {
    const result = loadPlaybook(
      playbook(
        ROLLBACK_STEP + CHECK_STEP,
        'appliesTo: { types: [performance, drift, drift], severities: [SEV2, SEV1] }\n',
      ),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.playbook).toEqual({
      apiVersion: 'verity.dev/v1',
      kind: 'Playbook',
      name: 'sample',
      description: 'A sample playbook',
      // Canonical order, without repeats, so listing order does not change the digest.
      appliesTo: { types: ['drift', 'performance'], severities: ['SEV1', 'SEV2'] },
      steps: [
        {
          id: 'roll-back',
          title: 'Roll production back',
          kind: 'action',
          auto: true,
          action: { kind: 'rollback', environment: 'production' },
        },
        {
          id: 'confirm-traffic',
          title: 'Confirm the previous version serves traffic',
          kind: 'checklist',
        },
      ],
    });
    expect(isDigest(result.digest)).toBe(true);
    expect(Object.isFrozen(result.playbook.steps[0])).toBe(true);
  });

  it('defaults auto to false, appliesTo to match-all and the description to empty', () => {
    const source = `apiVersion: verity.dev/v1
kind: Playbook
name: minimal
steps:
  - id: freeze
    title: Freeze it
    kind: action
    action: { kind: freeze-version }
`;
    const result = loadPlaybook(source);
    expect(result.ok && result.playbook).toMatchObject({
      description: '',
      appliesTo: {},
      steps: [{ id: 'freeze', auto: false, action: { kind: 'freeze-version' } }],
    });
  });

  it('gives the same digest to the same playbook written differently', () => {
    const a = loadPlaybook(playbook(ROLLBACK_STEP, 'appliesTo: { types: [drift, bias] }\n'));
    const b = loadPlaybook(
      playbook(
        `  - { id: roll-back, kind: action, title: "Roll production back", auto: true,
      action: { environment: production, kind: rollback } }
`,
        'appliesTo:\n  types: [bias, drift]\n',
      ),
    );
    expect(a.ok && b.ok && a.digest === b.digest).toBe(true);
  });

  it('accepts every action kind', () => {
    const result = loadPlaybook(
      playbook(`  - id: a
    title: Roll staging back
    kind: action
    action: { kind: rollback, environment: staging }
  - id: b
    title: Move the champion alias back
    kind: action
    action: { kind: move-alias, alias: champion, to: previous }
  - id: c
    title: Point the champion alias at 1.0.0
    kind: action
    action: { kind: move-alias, alias: champion, to: 1.0.0 }
  - id: d
    title: Freeze
    kind: action
    action: { kind: freeze-version }
  - id: e
    title: Retrain
    kind: action
    action:
      kind: retrain-webhook
      url: https://ml.example.com/hooks/retrain?queue=gpu
      payload: { model: '{{model}}', reason: 'incident {{ incidentKey }}', tags: [ '{{severity}}' ] }
`),
    );
    expect(
      result.ok ? result.playbook.steps.map((s) => s.kind === 'action' && s.action) : result,
    ).toEqual([
      { kind: 'rollback', environment: 'staging' },
      { kind: 'move-alias', alias: 'champion', to: 'previous' },
      { kind: 'move-alias', alias: 'champion', to: '1.0.0' },
      { kind: 'freeze-version' },
      {
        kind: 'retrain-webhook',
        url: 'https://ml.example.com/hooks/retrain?queue=gpu',
        payload: {
          model: '{{model}}',
          reason: 'incident {{ incidentKey }}',
          tags: ['{{severity}}'],
        },
      },
    ]);
    const kinds = result.ok
      ? result.playbook.steps.map((s) => s.kind === 'action' && s.action.kind)
      : [];
    expect([...new Set(kinds)]).toEqual([...ACTION_KINDS]);
  });
});

describe('loadPlaybook, when a field is unknown', () => {
  it('reports each unknown field at its key, at every level', () => {
    const problems = problemsOf(
      loadPlaybook(
        playbook(
          `  - id: roll-back
    title: Roll back
    kind: action
    owner: alice
    action: { kind: rollback, enviroment: staging }
`,
          'appliesTo: { types: [drift], models: [credit-risk] }\nlabels: x\n',
        ),
      ),
    );
    expect(problems).toEqual([
      {
        code: 'SCHEMA',
        path: ['appliesTo', 'models'],
        line: 5,
        column: 30,
        message: "appliesTo: unknown field 'models'",
      },
      { code: 'SCHEMA', path: ['labels'], line: 6, column: 1, message: "unknown field 'labels'" },
      {
        code: 'SCHEMA',
        stepId: 'roll-back',
        path: ['steps', 0, 'owner'],
        line: 11,
        column: 5,
        message: "steps[0]: unknown field 'owner'",
      },
      {
        code: 'SCHEMA',
        stepId: 'roll-back',
        path: ['steps', 0, 'action', 'enviroment'],
        line: 12,
        column: 31,
        message: "steps[0].action: unknown field 'enviroment'",
      },
    ]);
  });
});

describe('loadPlaybook, when step ids repeat', () => {
  it('reports the second use of the id, naming the first', () => {
    expect(onlyProblem(playbook(CHECK_STEP + ROLLBACK_STEP + CHECK_STEP))).toEqual({
      code: 'DUPLICATE_STEP',
      stepId: 'confirm-traffic',
      path: ['steps', 2, 'id'],
      line: 14,
      column: 9,
      message: "step id 'confirm-traffic' is already used by step 1 of the playbook",
    });
  });
});

describe('loadPlaybook, when a checklist step has an action or auto', () => {
  it('reports the action as ACTION_ON_CHECKLIST at its key', () => {
    expect(
      onlyProblem(
        playbook(`  - id: confirm
    title: Confirm
    kind: checklist
    action: { kind: freeze-version }
`),
      ),
    ).toEqual({
      code: 'ACTION_ON_CHECKLIST',
      stepId: 'confirm',
      path: ['steps', 0, 'action'],
      line: 9,
      column: 5,
      message:
        "step 'confirm' is a checklist step and cannot have an action; make it 'kind: action'",
    });
  });

  it('reports auto as AUTO_ON_CHECKLIST at its key, even when false', () => {
    const problems = problemsOf(
      loadPlaybook(
        playbook(`  - id: confirm
    title: Confirm
    kind: checklist
    auto: false
  - title: Check again
    kind: checklist
    auto: true
`),
      ),
    );
    expect(problems.map((p) => [p.code, p.path, p.line, p.column, p.message])).toEqual([
      [
        'AUTO_ON_CHECKLIST',
        ['steps', 0, 'auto'],
        9,
        5,
        "step 'confirm' is a checklist step: only action steps run automatically",
      ],
      ['SCHEMA', ['steps', 1, 'id'], 10, 5, 'steps[1].id: is required'],
      [
        'AUTO_ON_CHECKLIST',
        ['steps', 1, 'auto'],
        12,
        5,
        'step 2 is a checklist step: only action steps run automatically',
      ],
    ]);
  });
});

describe('loadPlaybook, when an action step has no action', () => {
  it('reports MISSING_ACTION at the step', () => {
    expect(
      onlyProblem(
        playbook(`  - id: roll-back
    title: Roll back
    kind: action
    auto: true
`),
      ),
    ).toEqual({
      code: 'MISSING_ACTION',
      stepId: 'roll-back',
      path: ['steps', 0, 'action'],
      line: 6,
      column: 5,
      message:
        "step 'roll-back' is an action step but has no action; add one or make it 'kind: checklist'",
    });
  });
});

describe('loadPlaybook, when a webhook URL is bad', () => {
  const webhook = (url: string) =>
    playbook(`  - id: retrain
    title: Retrain
    kind: action
    action:
      kind: retrain-webhook
      url: ${url}
`);

  it.each([
    ['not a URL', "'not a URL' is not an absolute URL"],
    ['/hooks/retrain', "'/hooks/retrain' is not an absolute URL"],
    ['ftp://ml.example.com/retrain', 'the webhook URL must use http or https, not ftp'],
    ['javascript:alert(1)', 'the webhook URL must use http or https, not javascript'],
    [
      'https://bot:s3cret@ml.example.com/retrain',
      'the webhook URL must not carry credentials; give the receiver a token another way',
    ],
  ])('refuses %s', (url, message) => {
    expect(onlyProblem(webhook(url))).toEqual({
      code: 'INVALID_URL',
      stepId: 'retrain',
      path: ['steps', 0, 'action', 'url'],
      line: 11,
      column: 12,
      message: `steps[0].action.url: ${message}`,
    });
  });

  it('reports an unknown payload placeholder at the string that holds it', () => {
    const problem = onlyProblem(
      playbook(`  - id: retrain
    title: Retrain
    kind: action
    action:
      kind: retrain-webhook
      url: https://ml.example.com/retrain
      payload:
        model: '{{model}}'
        extra: { note: 'by {{actor}}' }
`),
    );
    expect(problem).toMatchObject({
      code: 'UNKNOWN_PLACEHOLDER',
      path: ['steps', 0, 'action', 'payload', 'extra', 'note'],
      line: 14,
      column: 24,
    });
    expect(problem.message).toMatch(
      /^steps\[0\]\.action\.payload\.extra\.note: unknown placeholder \{\{actor\}\}; use one of \{\{model\}\}/,
    );
  });
});

describe('loadPlaybook, when fields are malformed', () => {
  it('reports a missing or unknown step kind and action kind with the choices', () => {
    const problems = problemsOf(
      loadPlaybook(
        playbook(`  - id: a
    title: A
  - id: b
    title: B
    kind: manual
  - id: c
    title: C
    kind: action
    action: { kind: restart }
`),
      ),
    );
    expect(problems.map((p) => [p.code, p.path, p.line, p.message])).toEqual([
      [
        'SCHEMA',
        ['steps', 0, 'kind'],
        6,
        "steps[0].kind: is required: one of 'action', 'checklist'",
      ],
      ['SCHEMA', ['steps', 1, 'kind'], 10, "steps[1].kind: must be: one of 'action', 'checklist'"],
      [
        'SCHEMA',
        ['steps', 2, 'action', 'kind'],
        14,
        "steps[2].action.kind: must be: one of 'rollback', 'move-alias', 'freeze-version', 'retrain-webhook'",
      ],
    ]);
  });

  it('reports every envelope problem in one pass', () => {
    const problems = problemsOf(
      loadPlaybook(`apiVersion: verity.dev/v2
kind: PolicyPack
name: Drift_Rollback
appliesTo: { types: [], severities: [SEV9] }
steps: []
`),
    );
    expect(problems.map((p) => [p.code, p.path, p.line, p.column])).toEqual([
      ['SCHEMA', ['apiVersion'], 1, 13],
      ['SCHEMA', ['kind'], 2, 7],
      ['SCHEMA', ['name'], 3, 7],
      ['SCHEMA', ['appliesTo', 'types'], 4, 21],
      ['SCHEMA', ['appliesTo', 'severities', 0], 4, 38],
      ['SCHEMA', ['steps'], 5, 8],
    ]);
  });

  it('refuses bad alias and version references', () => {
    const problems = problemsOf(
      loadPlaybook(
        playbook(`  - id: a
    title: A
    kind: action
    action: { kind: move-alias, alias: Champion, to: "@1" }
  - id: b
    title: B
    kind: action
    action: { kind: move-alias, alias: latest, to: previous }
`),
      ),
    );
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      [['steps', 0, 'action', 'alias'], 9],
      [['steps', 0, 'action', 'to'], 9],
      [['steps', 1, 'action', 'alias'], 13],
    ]);
    expect(problems[2]?.message).toBe(
      "steps[1].action.alias: 'latest' is not an alias that can move",
    );
  });
});

describe('loadPlaybook, when the source is not a playbook document', () => {
  it('reports YAML syntax errors with their position', () => {
    const problem = onlyProblem('apiVersion: verity.dev/v1\nsteps: [\n');
    expect(problem).toMatchObject({ code: 'YAML_SYNTAX', path: [], line: 3 });
  });

  it('reports a duplicated key as YAML_SYNTAX', () => {
    const problem = onlyProblem(playbook(CHECK_STEP, 'name: again\n'));
    expect(problem).toMatchObject({ code: 'YAML_SYNTAX', line: 5, column: 1 });
  });

  it('refuses a source over the size limit before parsing it', () => {
    expect(onlyProblem('#'.repeat(MAX_PLAYBOOK_SOURCE_LENGTH + 1))).toEqual({
      code: 'SCHEMA',
      path: [],
      line: 1,
      column: 1,
      message: `the playbook source is larger than ${MAX_PLAYBOOK_SOURCE_LENGTH} characters`,
    });
  });

  it('refuses alias bombs', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    expect(onlyProblem(lines.join('\n'))).toMatchObject({ code: 'YAML_SYNTAX' });
  });

  it('reports an empty document as the wrong shape', () => {
    expect(onlyProblem('')).toMatchObject({ code: 'SCHEMA', path: [] });
  });
});

describe('assertPlaybook', () => {
  it('returns the playbook when it loads', () => {
    expect(assertPlaybook(playbook(CHECK_STEP)).name).toBe('sample');
  });

  it('throws a ValidationError carrying every problem as an issue with its position', () => {
    const source = playbook(`  - id: a
    title: A
    kind: checklist
    auto: true
  - id: a
    title: B
    kind: action
`);
    let thrown: unknown;
    try {
      assertPlaybook(source, 'team/drift.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    const error = thrown as ValidationError;
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toBe('team/drift.yaml: 3 problems');
    expect(error.details.issues).toEqual([
      expect.objectContaining({ code: 'AUTO_ON_CHECKLIST', path: ['steps', 0, 'auto'], line: 9 }),
      expect.objectContaining({ code: 'MISSING_ACTION', path: ['steps', 1, 'action'], line: 10 }),
      expect.objectContaining({ code: 'DUPLICATE_STEP', path: ['steps', 1, 'id'], line: 10 }),
    ]);
  });

  it('names the playbook by its own name when no label is given', () => {
    expect(() => assertPlaybook(playbook(''))).toThrow('sample: 1 problem');
  });
});
