import { describe, expect, it } from 'vitest';
import { SAMPLE_CARD } from '../__fixtures__/sample-card.js';
import { AUTHOR_FIELD_PATHS } from '../templates.js';
import { escapeMarkdownCell, githubSlug, renderCardMarkdown } from './markdown.js';
import { HOSTILE_CARD, SCRIPT } from './__fixtures__/hostile-card.js';
import { renderOptions } from './__fixtures__/render-options.js';
import { SPARSE_CARD } from './__fixtures__/sparse-card.js';

const HEADINGS = [
  '## 1. Model details',
  '## 2. Intended use',
  '## 3. Risk classification',
  '## 4. Training data',
  '## 5. Evaluation',
  '## 6. Fairness',
  '## 7. Explainability',
  '## 8. Robustness and cybersecurity',
  '## 9. Human oversight',
  '## 10. Limitations and risks',
  '## 11. Ethical considerations',
  '## 12. Compute and environmental impact',
  '## 13. Monitoring plan and status',
  '## 14. Lineage',
  '## 15. Approval history',
  '## 16. Change log',
  '## A. Annex IV coverage',
  '## B. Digests',
];

describe('renderCardMarkdown', () => {
  const md = renderCardMarkdown(SAMPLE_CARD, renderOptions(SAMPLE_CARD));
  const lines = md.split('\n');

  it('has every section heading, in order', () => {
    const positions = HEADINGS.map((h) => lines.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('opens with the title block: identity, status and completeness', () => {
    expect(lines[0]).toBe('# Model card: credit-risk 1.1.0');
    expect(lines).toContain('| Status | Frozen · approved for production |');
    expect(lines).toContain('| Card revision | 3 |');
    expect(lines).toContain('| Generated at | 2025-10-10 08:00 UTC |');
    expect(lines).toContain(`| Card digest | \`sha256:${'f0'.repeat(32)}\` |`);
    const { present, required } = renderOptions(SAMPLE_CARD).completeness;
    expect(md).toContain(
      `**Completeness:** ${present} of ${required} fields required for the high-risk template`,
    );
  });

  it('links the contents to GitHub’s heading anchors', () => {
    expect(lines).toContain('- [8. Robustness and cybersecurity](#8-robustness-and-cybersecurity)');
    expect(githubSlug('A. Annex IV coverage')).toBe('a-annex-iv-coverage');
  });

  it('prints every metric with its confidence interval when it has one', () => {
    expect(lines).toContain('| `roc_auc` | overall | 0.8123 | 0.8010 – 0.8231 | version |');
    expect(lines).toContain('| `ks` | overall | 0.4711 | — | version |');
    expect(lines).toContain('| `recall_at_threshold` | overall | 0.7102 | — | version |');
    expect(lines).toContain('| `brier` | overall | 0.0874 | — | version |');
  });

  it('prints metrics by group with the ratio to the highest group', () => {
    expect(lines).toContain('| `selection_rate` | age_band | under-25 | 0.061 | 0.86 |');
    expect(lines).toContain('| `selection_rate` | sex | male | 0.070 | 1.00 |');
  });

  it('prints each approval with approver, role, decision, reason and date', () => {
    const a = SAMPLE_CARD.evidence.promotions[0]!.approvals[0]!;
    expect(lines).toContain(
      `| production | ${a.approver} | ${a.role} | ${a.decision} | ${a.reason} | 2025-10-09 09:12 UTC |`,
    );
    expect(lines).toContain(
      '| production | pass | baseline@1, eu-ai-act-high-risk@1 | None | 2025-10-08 14:20 UTC | maria.lopez |',
    );
  });

  it('shortens digests in tables and gives the full value as a footnote', () => {
    const digest = SAMPLE_CARD.evidence.artifacts[0]!.digest;
    expect(lines).toContain('| `model.onnx` | 18,432 | `sha256:a1a1a1a1a1a1…`[^d1] |');
    expect(lines).toContain(`[^d1]: \`${digest}\` — Artifact model.onnx`);
  });

  it('prints lineage with the repository as a link and the commit in full', () => {
    expect(lines).toContain(
      '| Code repository | [https://git.bank.example/credit/pd-model](https://git.bank.example/credit/pd-model) |',
    );
    expect(lines).toContain('| Commit | `9f1c2e7d4b8a6c3e1f0a9b8c7d6e5f4a3b2c1d0e` |');
  });

  it('is deterministic: the same input gives the same text', () => {
    expect(renderCardMarkdown(SAMPLE_CARD, renderOptions(SAMPLE_CARD))).toBe(md);
  });
});

describe('when author fields are missing', () => {
  const md = renderCardMarkdown(SPARSE_CARD, renderOptions(SPARSE_CARD, { frozen: false }));

  it('marks each one “Not provided” instead of leaving it out', () => {
    const markers = md.match(/⚠ \*\*Not provided\*\*/g) ?? [];
    // Each author field once, plus the provider in the title block.
    expect(markers.length).toBeGreaterThanOrEqual(AUTHOR_FIELD_PATHS.length);
    expect(md).toContain('### Description (Annex IV §1(a))\n\n⚠ **Not provided** _(required)_');
    expect(md).toContain('### Compute notes (Annex IV §2(c))\n\n⚠ **Not provided**\n');
    expect(md).toContain('| Licence | ⚠ **Not provided** |');
  });

  it('lists the missing required fields by title and Annex IV item', () => {
    const { required } = renderOptions(SPARSE_CARD).completeness;
    expect(md).toContain(`**Completeness:** 1 of ${required} fields required for the high-risk`);
    expect(md).toContain('| Training datasets | §2(d) | Verity evidence |');
    expect(md).toContain('| Risk management (Art 9) | §5 | card author |');
  });
});

describe('escaping', () => {
  const md = renderCardMarkdown(HOSTILE_CARD, renderOptions(HOSTILE_CARD));

  it('never lets card text open a raw HTML tag outside code spans', () => {
    // Code spans show their content literally, so markup inside them is inert.
    const outsideCode = md.replace(/(`+)[^`]*?\1/g, '');
    expect(outsideCode).not.toContain(SCRIPT);
    expect(outsideCode).not.toMatch(/<(script|img|svg)/i);
    expect(md).toContain('`sha256:"<script>alert(1)</script>`');
    expect(md).toContain('Scores loans. &lt;script>alert(1)&lt;/script>');
  });

  it('escapes pipes and newlines inside table cells', () => {
    expect(md).toContain('| a \\| b<br>c | \'single\' & "double" &lt;script>');
    expect(escapeMarkdownCell('x|y\\|z\r\nw')).toBe('x\\|y\\\\\\|z<br>w');
  });

  it('keeps code spans intact when the text holds backticks', () => {
    const card = {
      ...SAMPLE_CARD,
      evidence: {
        ...SAMPLE_CARD.evidence,
        artifacts: [{ path: 'a`b|c', size: 1, digest: SAMPLE_CARD.evidence.artifacts[0]!.digest }],
      },
    };
    expect(renderCardMarkdown(card, renderOptions(card))).toContain('| ``a`b\\|c`` | 1 |');
  });
});
