import { describe, expect, it } from 'vitest';
import { CREDIT_RISK_CARD } from '../demo/demo-cards.js';
import { cardFromMarkdown, cardToMarkdown } from './card-markdown.js';

function errorOf(fn: () => unknown): { code?: string; message?: string; details?: unknown } {
  try {
    fn();
  } catch (error) {
    return error as { code?: string; message?: string };
  }
  throw new Error('expected an error');
}

const MINIMAL = `---
schema: verity.model-card/v1
model: credit-risk
details:
  contacts: [credit@bank.example]
---

# Model card

## Model details

### Description
<!-- verity:details.description -->
Scores loan applications.

It is used by underwriters.

## Intended use

### Intended purpose
<!-- verity:intendedUse.purpose -->
Rank applications.

#### A sub-heading inside the prose
More purpose text.

\`\`\`
## not a heading: inside a code fence
\`\`\`
`;

describe('card Markdown source', () => {
  it('round-trips the demo card exactly', () => {
    const text = cardToMarkdown(CREDIT_RISK_CARD, { model: 'credit-risk', version: '1.1.0' });
    expect(
      text.startsWith('---\nschema: verity.model-card/v1\nmodel: credit-risk\nversion: 1.1.0\n'),
    ).toBe(true);
    expect(text).toContain('<!-- verity:humanOversight.measures -->\nEvery referral is decided');
    const parsed = cardFromMarkdown(text);
    expect(parsed.model).toBe('credit-risk');
    expect(parsed.authored).toEqual(CREDIT_RISK_CARD);
    // Writing what was read gives the same file.
    expect(cardToMarkdown(parsed.authored, { model: 'credit-risk', version: '1.1.0' })).toBe(text);
  });

  it('keeps an empty card writable: every prose marker is present with nothing after it', () => {
    const text = cardToMarkdown({});
    expect(text).toContain('<!-- verity:fairness.analysis -->');
    expect(cardFromMarkdown(text).authored).toEqual({});
  });

  it('reads prose up to the next marker or heading of level 1-3, keeping #### and fenced code', () => {
    const parsed = cardFromMarkdown(MINIMAL);
    expect(parsed.authored).toEqual({
      details: {
        contacts: ['credit@bank.example'],
        description: 'Scores loan applications.\n\nIt is used by underwriters.',
      },
      intendedUse: {
        purpose:
          'Rank applications.\n\n#### A sub-heading inside the prose\nMore purpose text.\n\n```\n## not a heading: inside a code fence\n```',
      },
    });
    // Windows line endings read the same.
    expect(cardFromMarkdown(MINIMAL.replace(/\n/g, '\r\n')).authored).toEqual(parsed.authored);
  });

  it('names the line of each problem', () => {
    expect(errorOf(() => cardFromMarkdown('# no front matter'))).toMatchObject({
      code: 'VALIDATION_ERROR',
      message:
        'card file, line 1: a card file starts with YAML front matter between two "---" lines',
    });
    expect(errorOf(() => cardFromMarkdown('---\nrisk: [\n')).message).toContain('not closed');
    expect(errorOf(() => cardFromMarkdown('---\nrisk: [unclosed\n---\n')).message).toMatch(
      /^card file, line \d+: front matter is not valid YAML/,
    );
    expect(errorOf(() => cardFromMarkdown('---\nschema: other/v9\n---\n')).message).toContain(
      'unsupported card schema "other/v9"',
    );
    const badMarker = '---\nmodel: m\n---\n\n## X\n<!-- verity:details.contacts -->\na\n';
    expect(errorOf(() => cardFromMarkdown(badMarker))).toMatchObject({
      message: "card file, line 6: 'details.contacts' is not a prose field of the card",
    });
    const twice =
      '---\n---\n<!-- verity:details.description -->\na\n<!-- verity:details.description -->\nb\n';
    expect(errorOf(() => cardFromMarkdown(twice))).toMatchObject({
      message: "card file, line 5: 'details.description' is written twice",
    });
    const both = '---\ndetails:\n  description: x\n---\n<!-- verity:details.description -->\ny\n';
    expect(errorOf(() => cardFromMarkdown(both)).message).toContain(
      'both in the front matter and in the body',
    );
  });

  it('validates the fields against the schema, listing every problem', () => {
    const error = errorOf(() =>
      cardFromMarkdown('---\nrisk:\n  tier: extreme\ndetails:\n  colour: blue\n---\n'),
    );
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toMatch(/^card file: not a valid card at /);
    expect(
      (error.details as { issues: { path: string[] }[] }).issues
        .map((i) => i.path.join('.'))
        .sort(),
    ).toEqual(['details', 'risk.tier']);
  });
});
