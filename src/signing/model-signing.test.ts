import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyBundleFor } from './__fixtures__/key-bundle.js';
import {
  bundlePayload,
  loadOmsValidators,
  OMS_SCHEMAS_MISSING,
} from './__fixtures__/oms-schemas.js';
import {
  APPENDIX_A_RESOURCES,
  APPENDIX_A_ROOT,
  SIGNME_FILES,
  SIGNME_ROOT,
} from './__fixtures__/oms-spec-vectors.js';
import { rejectedReason, thrownReason } from './__fixtures__/thrown-reason.js';
import { hashModelDirectory, type HashedModelFile } from './hash-model-directory.js';
import { generateSigningKeyPair, keyHint } from './keys.js';
import {
  buildModelSigningStatement,
  modelRootDigest,
  OMS_PREDICATE_TYPE,
  signModel,
  verifyModelSignature,
  type ModelFileDigest,
  type OmsStatement,
} from './model-signing.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const signme: ModelFileDigest[] = SIGNME_FILES.map(({ path, digest }) => ({ path, digest }));

describe('OMS v1.0 vectors (§7)', () => {
  it('hashes signme-1 and signme-2 to the published digests', () => {
    for (const file of SIGNME_FILES) expect(`sha256:${sha256(file.bytes)}`).toBe(file.digest);
  });

  it('computes the published subject root digest 92745110…', () => {
    const statement = buildModelSigningStatement({ files: signme, name: 'model' });
    expect(statement.subject).toEqual([{ name: 'model', digest: { sha256: SIGNME_ROOT } }]);
  });

  it('computes the Appendix A root b941667a…, not the 92745110… the appendix prints (erratum)', () => {
    expect(modelRootDigest(APPENDIX_A_RESOURCES)).toBe(APPENDIX_A_ROOT);
    expect(modelRootDigest(APPENDIX_A_RESOURCES)).not.toBe(SIGNME_ROOT);
  });

  it('is SHA-256 over the raw (hex-decoded) digests in sorted order, whatever the input order', () => {
    const [a, b] = APPENDIX_A_RESOURCES;
    expect(modelRootDigest([b, a])).toBe(
      sha256(Buffer.concat([Buffer.from(a.digest, 'hex'), Buffer.from(b.digest, 'hex')])),
    );
  });
});

describe('buildModelSigningStatement (§7)', () => {
  const digest = (n: number) => `sha256:${String(n).repeat(64)}`;

  it('builds the OMS statement with sorted resources and the default ignore paths', () => {
    expect(buildModelSigningStatement({ files: signme, name: 'model' })).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'model', digest: { sha256: SIGNME_ROOT } }],
      predicateType: OMS_PREDICATE_TYPE,
      predicate: {
        resources: [
          { name: 'signme-1', digest: SIGNME_FILES[0].digest.slice(7), algorithm: 'sha256' },
          { name: 'signme-2', digest: SIGNME_FILES[1].digest.slice(7), algorithm: 'sha256' },
        ],
        serialization: {
          method: 'files',
          hash_type: 'sha256',
          allow_symlinks: false,
          ignore_paths: ['.git', '.gitattributes', '.github', '.gitignore', 'model.sig'],
        },
      },
    } satisfies OmsStatement);
  });

  it("sorts resources by code point: 'B' < 'a' < 'é', and the root follows that order", () => {
    const files = [
      { path: 'é', digest: digest(1) },
      { path: 'a', digest: digest(2) },
      { path: 'B', digest: digest(3) },
    ];
    const statement = buildModelSigningStatement({ files, name: 'm' });
    expect(statement.predicate?.resources.map((r) => r.name)).toEqual(['B', 'a', 'é']);
    const raw = [3, 2, 1].map((n) => Buffer.from(String(n).repeat(64), 'hex'));
    expect(statement.subject[0]?.digest.sha256).toBe(sha256(Buffer.concat(raw)));
  });

  it('leaves out files under the ignore paths and records user paths, normalised and sorted', () => {
    const files = [
      { path: 'model.bin', digest: digest(1) },
      { path: '.gitattributes', digest: digest(2) },
      { path: 'cache/x', digest: digest(3) },
      { path: 'sub/.git', digest: digest(4) },
    ];
    const statement = buildModelSigningStatement({ files, name: 'm', ignorePaths: ['./cache/'] });
    expect(statement.predicate?.resources.map((r) => r.name)).toEqual(['model.bin', 'sub/.git']);
    expect(statement.predicate?.serialization.ignore_paths).toEqual([
      '.git',
      '.gitattributes',
      '.github',
      '.gitignore',
      'cache',
      'model.sig',
    ]);
  });

  describe('when the input is not signable', () => {
    it.each<[string, { files: ModelFileDigest[]; name: string; ignorePaths?: string[] }]>([
      ['an empty model', { files: [], name: 'm' }],
      ['only ignored files', { files: [{ path: '.gitignore', digest: digest(1) }], name: 'm' }],
      ['an empty name', { files: [{ path: 'a', digest: digest(1) }], name: '' }],
      ['a path with ..', { files: [{ path: '../a', digest: digest(1) }], name: 'm' }],
      ['an unnormalised path', { files: [{ path: './a', digest: digest(1) }], name: 'm' }],
      ['a bare hex digest', { files: [{ path: 'a', digest: '1'.repeat(64) }], name: 'm' }],
      [
        'a duplicate path',
        {
          files: [
            { path: 'a', digest: digest(1) },
            { path: 'a', digest: digest(2) },
          ],
          name: 'm',
        },
      ],
      [
        'an absolute ignore path',
        { files: [{ path: 'a', digest: digest(1) }], name: 'm', ignorePaths: ['/x'] },
      ],
    ])('refuses %s with VALIDATION_ERROR', (_, input) => {
      expect(() => buildModelSigningStatement(input)).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR' }),
      );
    });
  });
});

describe('signModel and verifyModelSignature (§7, §8)', () => {
  const owner = generateSigningKeyPair();
  const stranger = generateSigningKeyPair();
  let dir: string;
  let files: HashedModelFile[];
  let bundle: Awaited<ReturnType<typeof signModel>>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verity-oms-'));
    await mkdir(join(dir, 'weights'));
    await writeFile(join(dir, 'config.json'), '{"layers":2}\n');
    await writeFile(join(dir, 'weights', 'model.safetensors'), Buffer.alloc(4096, 7));
    await writeFile(join(dir, 'README.md'), '# demo model\n');
    ({ files } = await hashModelDirectory(dir));
    bundle = await signModel({ files, name: 'demo-model' }, owner.privateKey);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('signs three files into a v0.3 key bundle whose hint and keyid are the key hint', () => {
    expect(files.map((f) => f.path)).toEqual([
      'README.md',
      'config.json',
      'weights/model.safetensors',
    ]);
    expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    expect(bundle.verificationMaterial.publicKey?.hint).toBe(keyHint(owner.publicKey));
    // No witnesses: no tlog entries (the JSON omits the empty list) and no timestamps.
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([]);
    expect(bundle.verificationMaterial.timestampVerificationData).toEqual({});
    expect(bundle.dsseEnvelope?.signatures).toEqual([
      { keyid: keyHint(owner.publicKey), sig: expect.any(String) as unknown },
    ]);
  });

  describe.skipIf(OMS_SCHEMAS_MISSING !== undefined)(
    OMS_SCHEMAS_MISSING ?? 'against the OMS JSON Schemas',
    () => {
      it('passes the bundle schema, and its payload the statement schema', () => {
        const { bundle: bundleSchema, statement: statementSchema } = loadOmsValidators();
        expect(bundleSchema(bundle), JSON.stringify(bundleSchema.errors)).toBe(true);
        expect(statementSchema(bundlePayload(bundle)), JSON.stringify(statementSchema.errors)).toBe(
          true,
        );
      });
    },
  );

  it('verifies with @sigstore/verify given only the public key, returning the key hint and statement', () => {
    const verified = verifyModelSignature(bundle, [stranger.publicKey, owner.publicKey], files);
    expect(verified.keyHint).toBe(keyHint(owner.publicKey));
    expect(verified.statement.subject[0]?.name).toBe('demo-model');
    expect(verified.statement.predicate?.resources).toHaveLength(3);
    expect(verified.ignoredFiles).toEqual([]);
  });

  it('accepts the bundle as JSON text', () => {
    expect(verifyModelSignature(JSON.stringify(bundle), [owner.publicKey], files).keyHint).toBe(
      keyHint(owner.publicKey),
    );
  });

  it('ignores the signature file and paths under the recorded ignore paths', () => {
    const extra = [
      ...files,
      { path: 'model.sig', digest: `sha256:${'0'.repeat(64)}` },
      { path: '.git/HEAD', digest: `sha256:${'1'.repeat(64)}` },
    ];
    expect(verifyModelSignature(bundle, [owner.publicKey], extra).ignoredFiles).toEqual([
      '.git/HEAD',
      'model.sig',
    ]);
  });

  describe('when one byte of one file changes', () => {
    it('fails with DIGEST_MISMATCH naming the file', async () => {
      await writeFile(join(dir, 'config.json'), '{"layers":3}\n');
      try {
        const { files: changed } = await hashModelDirectory(dir);
        let error: unknown;
        try {
          verifyModelSignature(bundle, [owner.publicKey], changed);
        } catch (e) {
          error = e;
        }
        expect(error).toMatchObject({
          code: 'SIGNATURE_INVALID',
          reason: 'DIGEST_MISMATCH',
          details: { reason: 'DIGEST_MISMATCH', mismatched: ['config.json'] },
        });
      } finally {
        await writeFile(join(dir, 'config.json'), '{"layers":2}\n');
      }
    });
  });

  describe('when a signed file is missing', () => {
    it('fails with FILE_MISSING', () => {
      expect(
        thrownReason(() => verifyModelSignature(bundle, [owner.publicKey], files.slice(1))),
      ).toBe('FILE_MISSING');
    });
  });

  describe('when an unsigned file is present', () => {
    const extra = () => [...files, { path: 'extra.bin', digest: `sha256:${'2'.repeat(64)}` }];

    it('fails with UNSIGNED_FILE', () => {
      expect(thrownReason(() => verifyModelSignature(bundle, [owner.publicKey], extra()))).toBe(
        'UNSIGNED_FILE',
      );
    });

    it('passes with ignoreUnsignedFiles, listing it', () => {
      const verified = verifyModelSignature(bundle, [owner.publicKey], extra(), {
        ignoreUnsignedFiles: true,
      });
      expect(verified.unsignedFiles).toEqual(['extra.bin']);
    });
  });

  describe('when the signing key is not trusted', () => {
    it('fails with UNKNOWN_KEY', () => {
      expect(thrownReason(() => verifyModelSignature(bundle, [stranger.publicKey], files))).toBe(
        'UNKNOWN_KEY',
      );
    });
  });

  describe('when the hint names a trusted key that did not sign', () => {
    it('fails with SIGNATURE_INVALID', () => {
      const lying = structuredClone(bundle);
      lying.verificationMaterial.publicKey = { hint: keyHint(stranger.publicKey) };
      expect(thrownReason(() => verifyModelSignature(lying, [stranger.publicKey], files))).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });

  describe('when the payload is tampered with', () => {
    it('fails with SIGNATURE_INVALID', () => {
      const tampered = structuredClone(bundle);
      const statement = bundlePayload(bundle) as OmsStatement;
      statement.predicate!.resources[0]!.digest = '0'.repeat(64);
      tampered.dsseEnvelope!.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
      expect(thrownReason(() => verifyModelSignature(tampered, [owner.publicKey], files))).toBe(
        'SIGNATURE_INVALID',
      );
    });
  });

  describe('when the trusted key for the hint is not P-256', () => {
    it('fails with UNSUPPORTED_KEY (@sigstore/verify 3.1.1 hashes EC with SHA-256 only)', () => {
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const other = keyBundleFor(bundlePayload(bundle), p384.privateKey);
      expect(thrownReason(() => verifyModelSignature(other, [p384.publicKey], files))).toBe(
        'UNSUPPORTED_KEY',
      );
    });
  });

  describe('when signing with anything but a P-256 private key', () => {
    it('refuses with VALIDATION_ERROR', async () => {
      const ed = generateSigningKeyPair('ed25519');
      for (const key of [ed.privateKey, owner.publicKey]) {
        expect(await rejectedReason(signModel({ files, name: 'm' }, key))).toMatch(
          /^ValidationError/,
        );
      }
    });
  });

  describe('when a trusted key signs a statement that is not a proper OMS signature', () => {
    const statement = () => buildModelSigningStatement({ files, name: 'demo-model' });
    const verify = (value: unknown, payloadType?: string) =>
      thrownReason(() =>
        verifyModelSignature(
          keyBundleFor(value, owner.privateKey, payloadType),
          [owner.publicKey],
          files,
        ),
      );

    it('accepts a well-formed one signed by our own DSSE code (interop check)', () => {
      expect(verify(statement())).toBe('no error');
    });

    it('fails another predicateType with WRONG_PREDICATE', () => {
      expect(verify({ ...statement(), predicateType: 'https://model_signing/Digests/v0.1' })).toBe(
        'WRONG_PREDICATE',
      );
    });

    it('fails another payloadType with PAYLOAD_TYPE_MISMATCH', () => {
      expect(verify(statement(), 'application/json')).toBe('PAYLOAD_TYPE_MISMATCH');
    });

    it('fails a non-statement with STATEMENT_INVALID', () => {
      expect(verify({ ...statement(), _type: 'https://in-toto.io/Statement/v0.1' })).toBe(
        'STATEMENT_INVALID',
      );
      const two = statement();
      two.subject.push(two.subject[0]!);
      expect(verify(two)).toBe('STATEMENT_INVALID');
    });

    it('fails a subject digest that is not the resources root with SUBJECT_MISMATCH', () => {
      const wrong = statement();
      wrong.subject[0]!.digest.sha256 = APPENDIX_A_ROOT;
      expect(verify(wrong)).toBe('SUBJECT_MISMATCH');
    });

    it.each<[string, (s: OmsStatement) => void]>([
      ['an extra predicate field', (s) => Object.assign(s.predicate!, { extra: 1 })],
      [
        'a resource without digest',
        (s) => Reflect.deleteProperty(s.predicate!.resources[0]!, 'digest'),
      ],
      ['an uppercase digest', (s) => (s.predicate!.resources[0]!.digest = 'A'.repeat(64))],
      ['a duplicate resource', (s) => s.predicate!.resources.push(s.predicate!.resources[0]!)],
      ['a path with ..', (s) => (s.predicate!.resources[0]!.name = '../etc/passwd')],
      ['shards without shard_size', (s) => (s.predicate!.serialization.method = 'shards')],
      [
        'a non-boolean allow_symlinks',
        (s) => Object.assign(s.predicate!.serialization, { allow_symlinks: 'no' }),
      ],
    ])('fails %s with PREDICATE_INVALID', (_, mutate) => {
      const bad = statement();
      mutate(bad);
      expect(verify(bad)).toBe('PREDICATE_INVALID');
    });

    it.each<[string, (s: OmsStatement) => void]>([
      [
        'shards',
        (s) => Object.assign(s.predicate!.serialization, { method: 'shards', shard_size: 1000 }),
      ],
      ['blake2b', (s) => (s.predicate!.serialization.hash_type = 'blake2b')],
    ])('fails a valid %s serialization with UNSUPPORTED_SERIALIZATION', (_, mutate) => {
      const other = statement();
      mutate(other);
      expect(verify(other)).toBe('UNSUPPORTED_SERIALIZATION');
    });
  });

  describe('when the bundle is not a key-method Sigstore bundle', () => {
    it.each<[string, (b: Record<string, unknown>) => unknown]>([
      ['not JSON text', () => '{'],
      ['null', () => null],
      ['an unknown media type', (b) => ({ ...b, mediaType: 'application/json' })],
      [
        'a v0.1 media type',
        (b) => ({ ...b, mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1' }),
      ],
      ['no envelope', (b) => ({ ...b, dsseEnvelope: undefined })],
      [
        'two signatures',
        (b) => {
          const env = b.dsseEnvelope as { signatures: unknown[] };
          return {
            ...b,
            dsseEnvelope: { ...env, signatures: [...env.signatures, ...env.signatures] },
          };
        },
      ],
      [
        'a sig that is not base64',
        (b) => {
          const env = b.dsseEnvelope as object;
          return { ...b, dsseEnvelope: { ...env, signatures: [{ sig: 'not base64!' }] } };
        },
      ],
      ['no verification material', (b) => ({ ...b, verificationMaterial: undefined })],
    ])('fails %s with BUNDLE_INVALID', (_, mutate) => {
      const value = mutate(structuredClone(bundle));
      expect(thrownReason(() => verifyModelSignature(value, [owner.publicKey], files))).toBe(
        'BUNDLE_INVALID',
      );
    });

    it('fails tlog entries that no trusted log vouches for with BUNDLE_UNVERIFIABLE', () => {
      const withEntry = structuredClone(bundle) as unknown as {
        verificationMaterial: { tlogEntries: unknown[] };
      };
      withEntry.verificationMaterial.tlogEntries = [
        {
          logIndex: '1',
          logId: { keyId: Buffer.alloc(32).toString('base64') },
          kindVersion: { kind: 'dsse', version: '0.0.1' },
          integratedTime: '0',
          inclusionProof: {
            logIndex: '1',
            rootHash: Buffer.alloc(32).toString('base64'),
            treeSize: '2',
            hashes: [Buffer.alloc(32).toString('base64')],
            checkpoint: { envelope: 'rekor.example\n2\nAAAA\n' },
          },
          canonicalizedBody: Buffer.from('{}').toString('base64'),
        },
      ];
      expect(thrownReason(() => verifyModelSignature(withEntry, [owner.publicKey], files))).toBe(
        'BUNDLE_UNVERIFIABLE',
      );
    });
  });

  describe('when the file list itself is malformed', () => {
    it('refuses it with VALIDATION_ERROR (a caller bug, not a verification result)', () => {
      const bad = [...files, { path: 'x', digest: 'md5:abc' }];
      expect(thrownReason(() => verifyModelSignature(bundle, [owner.publicKey], bad))).toMatch(
        /^ValidationError/,
      );
    });
  });
});
