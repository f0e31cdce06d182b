import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRAIN_PAYLOAD, renderWebhookPayload } from './index.js';

describe('renderWebhookPayload', () => {
  it('fills placeholders anywhere in the template, keeping other values as they are', () => {
    const rendered = renderWebhookPayload(
      {
        model: '{{model}}',
        note: 'incident {{ incidentKey }} ({{severity}}) on {{model}}',
        nested: { versions: ['{{previousVersion}}', '{{version}}'], priority: 1, dryRun: false },
        empty: null,
      },
      {
        model: 'credit-risk',
        version: '1.1.0',
        previousVersion: '1.0.0',
        incidentKey: 'INC-7',
        severity: 'SEV1',
      },
    );
    expect(rendered).toEqual({
      model: 'credit-risk',
      note: 'incident INC-7 (SEV1) on credit-risk',
      nested: { versions: ['1.0.0', '1.1.0'], priority: 1, dryRun: false },
      empty: null,
    });
  });

  it('renders an unknown whole-string value as null and an embedded one as nothing', () => {
    expect(
      renderWebhookPayload({ version: '{{version}}', note: 'v={{version}};' }, { model: 'm' }),
    ).toEqual({ version: null, note: 'v=;' });
  });

  it('does not substitute again inside substituted values', () => {
    expect(
      renderWebhookPayload(
        { model: 'model {{model}}' },
        { model: '{{incidentKey}}', incidentKey: 'INC-1' },
      ),
    ).toEqual({ model: 'model {{incidentKey}}' });
  });

  it('ignores context keys inherited from Object.prototype', () => {
    expect(renderWebhookPayload({ a: '{{constructor}}' }, {})).toEqual({ a: null });
  });

  it('sends model, version, environment and incident by default', () => {
    expect(
      renderWebhookPayload(DEFAULT_RETRAIN_PAYLOAD, {
        model: 'credit-risk',
        version: '1.1.0',
        environment: 'production',
        incidentKey: 'INC-7',
      }),
    ).toEqual({
      model: 'credit-risk',
      version: '1.1.0',
      environment: 'production',
      incident: 'INC-7',
    });
  });
});
