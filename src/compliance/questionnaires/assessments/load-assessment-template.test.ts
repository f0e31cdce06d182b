import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/index.js';
import {
  ASSESSMENT_KINDS,
  loadAssessmentTemplate,
  parseAssessmentTemplate,
  PREFILL_KEYS,
  templateQuestions,
  type AssessmentKind,
} from './index.js';

const MINIMAL = `kind: dpia
version: '1'
title: T
citation: GDPR Art 35
description: D
sections:
  - id: one
    title: One
    questions:
      - id: purpose
        text: Why?
        type: text
        required: true
`;

function issuesOf(
  source: string,
): { code: string; path: unknown[]; line?: number; message: string }[] {
  try {
    parseAssessmentTemplate(source, 'broken.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR' });
    return (error as ValidationError).details.issues as never;
  }
  throw new Error('expected the template to be refused');
}

describe('shipped assessment templates', () => {
  it('ships one file per kind, so none is forgotten', () => {
    const files = readdirSync(new URL('./templates/', import.meta.url)).filter((f) =>
      f.endsWith('.yaml'),
    );
    expect(files.map((f) => f.slice(0, -'.yaml'.length)).sort()).toEqual(
      [...ASSESSMENT_KINDS].sort(),
    );
  });

  it.each(ASSESSMENT_KINDS)('%s loads, validated, under its own kind', (kind) => {
    const template = loadAssessmentTemplate(kind);
    expect(template.kind).toBe(kind);
    expect(template.version).toBe('2026.12');
    expect(templateQuestions(template).filter((q) => q.required).length).toBeGreaterThan(10);
  });

  it.each(ASSESSMENT_KINDS)('%s has question ids unique across its sections', (kind) => {
    const ids = templateQuestions(loadAssessmentTemplate(kind)).map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('caches templates and freezes them, since every caller shares one', () => {
    const template = loadAssessmentTemplate('fria');
    expect(loadAssessmentTemplate('fria')).toBe(template);
    expect(Object.isFrozen(template.sections[0]?.questions[0])).toBe(true);
  });

  it('covers the six Art 27(1) elements, the notification and the DPIA link in the FRIA', () => {
    const citations = loadAssessmentTemplate('fria').sections.map((s) => s.citation);
    for (const element of ['(a)', '(b)', '(c)', '(d)', '(e)', '(f)'])
      expect(citations.some((c) => c?.includes(`Art 27(1)${element}`))).toBe(true);
    expect(citations).toContain('EU AI Act Art 27(3), Art 27(4)');
  });

  it('covers Art 35(7)(a)–(d), DPO advice and the Art 36 decision in the DPIA', () => {
    const template = loadAssessmentTemplate('dpia');
    const citations = template.sections.map((s) => s.citation ?? '');
    for (const point of ['(a)', '(b)', '(c)', '(d)'])
      expect(citations.some((c) => c.includes(`Art 35(7)${point}`))).toBe(true);
    const ids = templateQuestions(template).map((q) => q.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'dpo-advice',
        'prior-consultation',
        'legitimate-interest',
        'retention',
      ]),
    );
  });

  it('uses every prefill key in at least one template', () => {
    const used = new Set(
      ASSESSMENT_KINDS.flatMap((kind: AssessmentKind) =>
        templateQuestions(loadAssessmentTemplate(kind)).flatMap((q) => q.prefill ?? []),
      ),
    );
    expect([...used].sort()).toEqual([...PREFILL_KEYS].sort());
  });

  it('refuses a kind that is not one, before touching the file system', () => {
    expect(() => loadAssessmentTemplate('../../../package' as AssessmentKind)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }) as Error,
    );
  });
});

describe('parseAssessmentTemplate', () => {
  it('parses a minimal template', () => {
    expect(parseAssessmentTemplate(MINIMAL, 'minimal.yaml').sections[0]?.questions[0]?.id).toBe(
      'purpose',
    );
  });

  describe('when the source is broken', () => {
    it('reports YAML syntax errors with their line', () => {
      const issues = issuesOf('kind: dpia\nkind: fria\n');
      expect(issues[0]).toMatchObject({ code: 'YAML_SYNTAX', line: 2 });
    });

    it('reports a question id used twice, at the second use', () => {
      const source = `${MINIMAL}      - id: purpose\n        text: Again?\n        type: text\n        required: false\n`;
      expect(issuesOf(source)).toEqual([
        {
          code: 'SCHEMA',
          path: ['sections', 0, 'questions', 1, 'id'],
          line: 14,
          column: 13,
          message: "question id 'purpose' appears twice",
        },
      ]);
    });

    it('reports an unknown prefill key', () => {
      const source = MINIMAL.replace('type: text', 'type: text\n        prefill: model.secret');
      expect(issuesOf(source).map((i) => [i.path, i.line])).toEqual([
        [['sections', 0, 'questions', 0, 'prefill'], 13],
      ]);
    });

    it('reports a choice without options', () => {
      const source = MINIMAL.replace('type: text', 'type: choice');
      expect(issuesOf(source)).toMatchObject([
        {
          path: ['sections', 0, 'questions', 0, 'options'],
          message: 'a choice question lists its options',
        },
      ]);
    });

    it('reports a prefill on a question type a text fact cannot fill', () => {
      const source = MINIMAL.replace('type: text', 'type: date\n        prefill: model.name');
      expect(issuesOf(source).map((i) => i.message)).toEqual([
        'a date question cannot be pre-filled',
      ]);
    });
  });
});
