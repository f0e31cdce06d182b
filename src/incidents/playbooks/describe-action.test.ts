import { describe, expect, it } from 'vitest';
import { describeAction, type ActionContext } from './index.js';

const full: ActionContext = {
  model: 'credit-risk',
  environment: 'production',
  version: '1.1.0',
  previousVersion: '1.0.0',
};
const bare: ActionContext = { model: 'credit-risk' };

describe('describeAction', () => {
  it('describes a rollback with both versions, or with what is known', () => {
    const action = { kind: 'rollback', environment: 'production' } as const;
    expect(describeAction(action, full)).toBe(
      'roll credit-risk in production back from 1.1.0 to 1.0.0',
    );
    expect(describeAction(action, bare)).toBe(
      'roll credit-risk in production back to the previous version',
    );
    expect(describeAction({ kind: 'rollback', environment: 'staging' }, full)).toBe(
      'roll credit-risk in staging back from 1.1.0 to 1.0.0',
    );
  });

  it('describes an alias move to a named version or to the previous one', () => {
    expect(describeAction({ kind: 'move-alias', alias: 'champion', to: '2.0.0' }, full)).toBe(
      'point credit-risk@champion at 2.0.0',
    );
    expect(describeAction({ kind: 'move-alias', alias: 'champion', to: 'previous' }, full)).toBe(
      'point credit-risk@champion at 1.0.0 (the previous version)',
    );
    expect(describeAction({ kind: 'move-alias', alias: 'champion', to: 'previous' }, bare)).toBe(
      'point credit-risk@champion at the previous version',
    );
  });

  it('describes freezing the affected version', () => {
    expect(describeAction({ kind: 'freeze-version' }, full)).toBe(
      'freeze credit-risk 1.1.0 in production so it cannot be promoted or changed',
    );
    expect(describeAction({ kind: 'freeze-version' }, bare)).toBe(
      'freeze the affected version of credit-risk so it cannot be promoted or changed',
    );
  });

  it('describes a retraining webhook without its query string, which may hold a token', () => {
    const action = {
      kind: 'retrain-webhook',
      url: 'https://ml.example.com/hooks/retrain?token=s3cret',
    } as const;
    expect(describeAction(action, full)).toBe(
      'trigger retraining of credit-risk (affected version 1.1.0) via POST https://ml.example.com/hooks/retrain',
    );
    expect(describeAction(action, bare)).not.toContain('s3cret');
  });

  it('keeps the description on one line whatever the context holds', () => {
    const text = describeAction(
      { kind: 'freeze-version' },
      { model: 'credit-risk\r\nBcc: x@example.com', version: '1.1.0\n' },
    );
    expect(text).toBe(
      'freeze credit-risk Bcc: x@example.com 1.1.0 so it cannot be promoted or changed',
    );
  });
});
