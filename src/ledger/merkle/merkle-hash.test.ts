import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../__fixtures__/failure-of.js';
import { LEAF_INPUTS_HEX, NODE_HASHES, ROOTS } from '../__fixtures__/rfc6962-vectors.js';
import { encodeBase64 } from './decode-base64-strict.js';
import { EMPTY_ROOT, hashChildren, hashLeaf, rootFromLeafHashes } from './merkle-hash.js';

const ascii = (text: string) => new TextEncoder().encode(text);
const leafHashes = LEAF_INPUTS_HEX.map((d) => hashLeaf(fromHex(d)));

describe('RFC 6962 hasher (transparency-dev/merkle rfc6962_test.go, golang/mod sumdb/tlog)', () => {
  it('gives SHA-256("") as the empty root', () => {
    expect(toHex(EMPTY_ROOT)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('prefixes leaves with 0x00', () => {
    expect(toHex(hashLeaf(new Uint8Array()))).toBe(
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    );
    expect(toHex(hashLeaf(ascii('L123456')))).toBe(
      '395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56',
    );
  });

  it('prefixes interior nodes with 0x01 and keeps the children in order', () => {
    expect(toHex(hashChildren(ascii('N123'), ascii('N456')))).toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
    expect(toHex(hashChildren(ascii('N456'), ascii('N123')))).not.toBe(
      'aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb',
    );
  });

  it('matches Go tlog.RecordHash("hello world")', () => {
    expect(encodeBase64(hashLeaf(ascii('hello world')))).toBe(
      'TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=',
    );
  });
});

describe('tree hashes over the transparency-dev leaf inputs (testonly/constants.go)', () => {
  it('hashes every leaf input to its level-0 node hash', () => {
    expect(leafHashes.map(toHex)).toEqual(NODE_HASHES[0]);
  });

  it('combines complete subtrees into the published level 1..3 node hashes', () => {
    for (let level = 1; level < NODE_HASHES.length; level++) {
      const below = NODE_HASHES[level - 1]!;
      const combined = NODE_HASHES[level]!.map((_, i) =>
        toHex(hashChildren(fromHex(below[2 * i]!), fromHex(below[2 * i + 1]!))),
      );
      expect(combined).toEqual(NODE_HASHES[level]);
    }
  });

  it.each(ROOTS.map((root, size) => [size, root] as const))(
    'gives the published root for size %i',
    (size, root) => {
      expect(toHex(rootFromLeafHashes(leafHashes.slice(0, size)))).toBe(root);
    },
  );

  it('returns a fresh empty root that callers may modify', () => {
    const root = rootFromLeafHashes([]);
    root[0] = 0;
    expect(toHex(EMPTY_ROOT)).toBe(ROOTS[0]);
  });
});
