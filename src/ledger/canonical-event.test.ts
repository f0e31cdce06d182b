import { describe, expect, it } from 'vitest';
import { canonicalJson, SeededRandom } from '../lib/index.js';
import { canonicalEventIndex } from './canonical-event.js';

/** Seeded (mulberry32), so a failure names a reproducible case. */
function random(seed: number): () => number {
  const generator = new SeededRandom(seed);
  return () => generator.next();
}

/** Characters that each take a different branch of RFC 8785 string escaping. */
const TRICKY = [
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  '/',
  '\b',
  '\t',
  '\n',
  '\f',
  '\r',
  '\u0000',
  '\u0007',
  '\u000b',
  '\u001f',
  '\u007f',
  'é',
  '€',
  '\u2028',
  '\u2029',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '\uffff',
];

function text(next: () => number): string {
  const length = Math.floor(next() * 8);
  let out = '';
  for (let i = 0; i < length; i++) out += TRICKY[Math.floor(next() * TRICKY.length)] as string;
  return out;
}

function event(next: () => number, index: number): Record<string, unknown> {
  const subject: Record<string, unknown> = { kind: text(next), id: text(next) };
  if (next() < 0.5) subject['ref'] = text(next);
  return {
    v: 1,
    index,
    type: text(next),
    actor: text(next),
    time: text(next),
    subject,
    payloadDigest: text(next),
  };
}

/** The generic check LogVerifier falls back to: parse, re-serialise, compare. */
function slowIndex(candidate: string): number | undefined {
  try {
    const parsed = JSON.parse(candidate) as { index?: unknown };
    if (canonicalJson(parsed) !== candidate) return undefined;
    return typeof parsed.index === 'number' ? parsed.index : undefined;
  } catch {
    return undefined;
  }
}

const MUTATIONS: ((s: string, next: () => number) => string)[] = [
  (s, next) => {
    const at = Math.floor(next() * s.length);
    return s.slice(0, at) + ' ' + s.slice(at);
  },
  (s, next) => {
    const at = Math.floor(next() * s.length);
    return s.slice(0, at) + s.slice(at + 1);
  },
  (s, next) => {
    const at = Math.floor(next() * s.length);
    return s.slice(0, at) + String.fromCharCode(Math.floor(next() * 0x80)) + s.slice(at + 1);
  },
  (s) => s.replace('"index":', '"index":0'),
  (s) => s.replace(/"index":(\d+)/, '"index":$1.0'),
  (s) => s.replace(/"index":(\d+)/, '"index":-$1'),
  (s) => s.replace('\\u001f', '\\u001F'),
  (s) => s.replace('\\n', '\\u000a'),
  (s) => s.replace('a', '\\u0061'),
  (s) => s.replace('/', '\\/'),
  (s) => s.replace('"v":1', '"v":1.0'),
  (s) => s.replace(',"ref":', ',"rEf":'),
  (s) => s.replace('"kind":', '"ref":'),
];

describe('canonicalEventIndex', () => {
  it('reads the index of the canonical form of any event, whatever its strings hold', () => {
    const next = random(1);
    for (let i = 0; i < 2000; i++) {
      const index = i < 1000 ? i : Math.floor(next() * 1e15);
      const canonical = canonicalJson(event(next, index));
      // A lone surrogate is written as an escape the fast check leaves to the generic path.
      if (/\\ud[89a-f]/.test(canonical)) {
        expect(canonicalEventIndex(canonical)).toBeUndefined();
      } else {
        expect(canonicalEventIndex(canonical)).toBe(index);
      }
    }
  });

  it('never accepts a text the generic check rejects, nor reads another index (10,000 mutants)', () => {
    const next = random(2);
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      const base = canonicalJson(event(next, Math.floor(next() * 5000)));
      const mutate = MUTATIONS[Math.floor(next() * MUTATIONS.length)] as (typeof MUTATIONS)[0];
      const mutant = mutate(base, next);
      const fast = canonicalEventIndex(mutant);
      if (fast !== undefined) {
        accepted++;
        expect({ mutant, index: slowIndex(mutant) }).toEqual({ mutant, index: fast });
      }
    }
    // Some mutants are still canonical (a character swapped for another plain one): both agree.
    expect(accepted).toBeGreaterThan(0);
  });

  it.each([
    [
      'whitespace between members',
      '{"actor":"a", "index":0,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'members out of order',
      '{"index":0,"actor":"a","payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'an index with a leading zero',
      '{"actor":"a","index":01,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'an index in exponent form',
      '{"actor":"a","index":1e3,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'an index past 15 digits',
      '{"actor":"a","index":1234567890123456,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'an uppercase escape',
      '{"actor":"\\u001F","index":0,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'an escaped solidus',
      '{"actor":"\\/","index":0,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'a raw control character',
      '{"actor":"\u0001","index":0,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'an extra member',
      '{"actor":"a","extra":1,"index":0,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}',
    ],
    [
      'trailing text',
      '{"actor":"a","index":0,"payloadDigest":"d","subject":{"id":"i","kind":"k"},"time":"t","type":"x","v":1}\n',
    ],
  ])('leaves %s to the generic check', (_, candidate) => {
    expect(canonicalEventIndex(candidate)).toBeUndefined();
  });
});
