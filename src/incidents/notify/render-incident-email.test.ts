import { describe, expect, it } from 'vitest';
import { renderIncidentEmail, type IncidentEmailInput } from './index.js';

const INPUT: IncidentEmailInput = {
  incidentKey: 'INC-7',
  title: 'Drift on credit-risk in production',
  severity: 'SEV1',
  status: 'open',
  type: 'drift',
  summary: 'PSI of income is 0.31 (threshold 0.2).\nRolled back to 1.0.0 automatically.',
  url: 'https://verity.example.com/incidents/INC-7',
  reason: 'escalation level 2: not acknowledged within 15 minutes',
};

describe('renderIncidentEmail', () => {
  it('renders the subject and the plain-text body', () => {
    expect(renderIncidentEmail(INPUT)).toEqual({
      subject: '[SEV1] INC-7: Drift on credit-risk in production (open)',
      text: [
        'INC-7: Drift on credit-risk in production',
        '',
        'Severity: SEV1',
        'Status:   open',
        'Type:     drift',
        'Reason:   escalation level 2: not acknowledged within 15 minutes',
        '',
        'PSI of income is 0.31 (threshold 0.2).',
        'Rolled back to 1.0.0 automatically.',
        '',
        'Open the incident: https://verity.example.com/incidents/INC-7',
        '',
        '-- ',
        'Verity incident notification',
        '',
      ].join('\n'),
    });
  });

  it('leaves out the link and the summary when there are none', () => {
    const { text } = renderIncidentEmail({
      ...INPUT,
      summary: '  ',
      url: undefined,
    } as unknown as IncidentEmailInput);
    expect(text).not.toContain('Open the incident');
    expect(text.split('\n').slice(5, 8)).toEqual([
      'Reason:   escalation level 2: not acknowledged within 15 minutes',
      '',
      '-- ',
    ]);
  });

  it('flattens every field but the summary to one line, so the subject is header-safe', () => {
    const { subject, text } = renderIncidentEmail({
      ...INPUT,
      title: 'Drift\r\nBcc: attacker@example.net',
      severity: 'SEV1\n',
      summary: 'line one\r\nline two\rline three',
    });
    expect(subject).toBe('[SEV1] INC-7: Drift Bcc: attacker@example.net (open)');
    expect(subject).not.toMatch(/[\r\n]/);
    expect(text).toContain('line one\nline two\nline three');
    expect(text).not.toContain('\r');
  });

  it('shortens a long title so the subject stays at 200 characters', () => {
    const { subject } = renderIncidentEmail({ ...INPUT, title: 'x'.repeat(500) });
    expect(subject).toHaveLength(200);
    expect(subject.endsWith('x… (open)')).toBe(true);
    expect(subject.startsWith('[SEV1] INC-7: xxx')).toBe(true);
  });
});
