import { describe, expect, it } from 'vitest';
import { classifyText, DEFAULT_MISSING_TOKENS, seededRandom } from '../profile/index.js';
import { CellCache } from './field-bytes.js';
import { parseNumberBytes, startsNumber } from './number-bytes.js';

const missing = new Set(DEFAULT_MISSING_TOKENS);

/** What the file profiler reads from a cell's bytes: the number path, else the cache. */
function viaBytes(text: string): unknown {
  const buf = Buffer.from(`,${text},`);
  const [s, e] = [1, buf.length - 1];
  if (s < e && startsNumber(buf[s]!)) {
    const x = parseNumberBytes(buf, s, e);
    if (x === x) return { kind: 'number', value: x };
  }
  const cache = new CellCache(missing);
  const entry = cache.lookup(buf, s, e);
  return entry >= 0 ? cache.values[entry] : cache.last;
}

const TRICKY = [
  '0',
  '-0',
  '+0',
  '00012',
  '1.',
  '.5',
  '-.5',
  '+.5e-3',
  '1e308',
  '1.7976931348623157e308',
  '1e309',
  '-1e400',
  '5e-324',
  '2e-324',
  '4.9406564584124654e-324',
  '0.1',
  '0.30000000000000004',
  '123456789012345',
  '1234567890123456',
  '12345678901234567890',
  '9007199254740993',
  '3.141592653589793238462643383279',
  '1e22',
  '1e23',
  '1E-22',
  '1e-23',
  '0e99999999999',
  '000000000000000000000000000001.5',
  '1.000000000000000000000001',
  '7e0',
  '-12.5E+2',
  '-',
  '+',
  '.',
  'e5',
  '1e',
  '1e+',
  '1.2.3',
  '1-2',
  '--1',
  '1 ',
  ' 1',
  '0x1A',
  '1_0',
  'Infinity',
  '-inf',
  'INFINITY',
  '+Inf',
  'NaN',
  'nan',
  'null',
  'true',
  'False',
  'TRUE',
  'yes',
  'café',
  '',
];

describe('parseNumberBytes', () => {
  it('reads every number exactly as Number() does, fast path or not', () => {
    for (const text of TRICKY) {
      const expected = classifyText(text, missing);
      expect(viaBytes(text), JSON.stringify(text)).toEqual(expected);
    }
  });

  it('round-trips random doubles of every magnitude and precision', () => {
    const random = seededRandom(17);
    for (let i = 0; i < 20_000; i++) {
      const magnitude = 10 ** Math.floor(random() * 40 - 20);
      const value = (random() - 0.5) * magnitude;
      for (const text of [
        String(value),
        value.toFixed(Math.floor(random() * 8)),
        value.toExponential(5),
      ]) {
        const buf = Buffer.from(text);
        expect(parseNumberBytes(buf, 0, buf.length), text).toBe(Number(text));
      }
    }
  });
});

describe('parseNumberBytes on 16–19 significant digits (double-double path)', () => {
  const random = seededRandom(29);
  const digits = (k: number): string => {
    let text = String(1 + Math.floor(random() * 9));
    for (let i = 1; i < k; i++) text += Math.floor(random() * 10);
    return text;
  };
  const same = (text: string): void => {
    const buf = Buffer.from(text);
    expect(Object.is(parseNumberBytes(buf, 0, buf.length), Number(text)), text).toBe(true);
  };

  it('equals Number() on random decimals, float64 repr strings and near-midpoints', () => {
    for (let i = 0; i < 100_000; i++) {
      const k = 16 + Math.floor(random() * 4);
      const d = digits(k);
      const point = Math.floor(random() * (k + 1));
      same(`${d.slice(0, point)}.${d.slice(point)}e${Math.floor(random() * 30) - 15}`);
      same(String((random() - 0.5) * 10 ** (Math.floor(random() * 30) - 10)));
      const x = random() * 10 ** (Math.floor(random() * 20) - 5);
      same((x / 2 + (x + x * 2 ** -52) / 2).toPrecision(16 + (i % 4)));
    }
  });

  it('equals Number() on exact ties between two doubles (round half to even)', () => {
    for (let i = 0; i < 20_000; i++) {
      const length = 54 + (i % 10);
      let n = 1n;
      for (let b = 1; b < length; b++) n = (n << 1n) | (random() < 0.5 ? 1n : 0n);
      const ulp = 1n << BigInt(length - 53);
      const tie = (n / ulp) * ulp + ulp / 2n;
      const text = tie.toString();
      const trimmed = text.replace(/0+$/, '');
      same(text);
      same(`${trimmed}e${text.length - trimmed.length}`);
    }
    for (const text of ['9007199254740993', '9007199254740993.0', '18014398509481990e0'])
      same(text);
  });
});

describe('CellCache', () => {
  it('returns the same entry for the same bytes and keeps values apart on equal hashes', () => {
    const cache = new CellCache(missing, 4, 64);
    const cell = (text: string): number => {
      const buf = Buffer.from(text);
      return cache.lookup(buf, 0, buf.length);
    };
    const a = cell('alpha');
    expect(cell('alpha')).toBe(a);
    expect(cell('alphb')).not.toBe(a);
    expect(cache.values[a]).toEqual({ kind: 'string', value: 'alpha' });
    for (const text of ['c', 'd', 'e']) cell(text);
    expect(cell('overflow')).toBe(-1);
    expect(cache.last).toEqual({ kind: 'string', value: 'overflow' });
  });

  it('keeps every entry findable as its table grows from 64 slots to its cap', () => {
    const cache = new CellCache(missing, 1 << 12, 1 << 20);
    // Cells inside one shared buffer, as the parser hands them over.
    const texts = Array.from({ length: 1 << 12 }, (_, i) => `value-${(i * 7919) % 100_003}`);
    const buf = Buffer.from(texts.join(','));
    const spans: [number, number][] = [];
    let at = 0;
    for (const text of texts) {
      spans.push([at, at + text.length]);
      at += text.length + 1;
    }
    const first = spans.map(([s, e]) => cache.lookup(buf, s, e));
    expect(first).toEqual(texts.map((_, i) => i));
    expect(spans.map(([s, e]) => cache.lookup(buf, s, e))).toEqual(first);
    expect(cache.values.map((v) => (v.kind === 'string' ? v.value : v.kind))).toEqual(texts);
    const extra = Buffer.from('one-more');
    expect(cache.lookup(extra, 0, extra.length)).toBe(-1);
  });
});
