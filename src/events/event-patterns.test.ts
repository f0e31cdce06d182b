import { describe, expect, it } from 'vitest';
import { eventTypePatternsSchema, matchesEventType } from './event-patterns.js';

describe('event type patterns', () => {
  it.each([
    ['*', 'model-created', true],
    ['model-created', 'model-created', true],
    ['model-created', 'model-updated', false],
    ['model-version-*', 'model-version-registered', true],
    ['model-version-*', 'model-version', false],
    ['model-version-*', 'model-versions-merged', false],
    ['model-*', 'model-version-registered', true],
  ])('%s matches %s: %s', (pattern, type, expected) => {
    expect(matchesEventType(pattern, type)).toBe(expected);
  });

  it('accepts exact types, prefix patterns and * only, each at most once', () => {
    expect(eventTypePatternsSchema.safeParse(['*', 'model-*', 'alias-set']).success).toBe(true);
    for (const bad of [[], ['Model-created'], ['model*'], ['*-created'], ['.*'], ['a', 'a']]) {
      expect(eventTypePatternsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
