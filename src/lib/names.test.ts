import { describe, expect, it } from 'vitest';
import { formatRef, parseRef } from './names.js';
import { isSemver, isSequenceRef } from './semver.js';

describe('parseRef', () => {
  it('reads name, namespace and version reference', () => {
    expect(parseRef('credit-risk')).toEqual({ namespace: 'default', name: 'credit-risk' });
    expect(parseRef('credit-risk@1.2.0')).toEqual({
      namespace: 'default',
      name: 'credit-risk',
      ref: '1.2.0',
    });
    expect(parseRef('payments/fraud@champion')).toEqual({
      namespace: 'payments',
      name: 'fraud',
      ref: 'champion',
    });
    expect(parseRef('m@1.0.0-rc.1+build.5')).toEqual({
      namespace: 'default',
      name: 'm',
      ref: '1.0.0-rc.1+build.5',
    });
  });

  it('rejects what is not a reference', () => {
    for (const text of ['', '@1', 'a/b/c', '../x', 'x@', 'x@../y', 'white space', '-lead']) {
      expect(parseRef(text)).toBeUndefined();
    }
  });

  it('formats the default namespace without a prefix', () => {
    expect(formatRef('default', 'm', '3')).toBe('m@3');
    expect(formatRef('risk', 'm')).toBe('risk/m');
  });
});

describe('version reference kinds', () => {
  it('tells semantic versions from sequence numbers', () => {
    expect(isSemver('1.2.3')).toBe(true);
    expect(isSemver('1.2.3-alpha.1+sha.5114f85')).toBe(true);
    expect(isSemver('01.2.3')).toBe(false);
    expect(isSemver('1.2')).toBe(false);
    expect(isSequenceRef('3')).toBe(true);
    expect(isSequenceRef('03')).toBe(false);
    expect(isSequenceRef('0')).toBe(false);
  });
});
