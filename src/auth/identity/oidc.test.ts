import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/index.js';
import { expectAuthFailure } from './__fixtures__/identity-harness.js';
import { OidcVerifier, type OidcConfig } from './oidc.js';

const ISSUER = 'https://idp.example.com/realms/verity';
const AUDIENCE = 'verity-api';
type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

let rsa: KeyPair;
let ec: KeyPair;
let stranger: KeyPair;
let dir: string;
let jwksFile: string;
let server: Server;
let jwksUrl: string;
let serveStatus = 200;

const clock = new ManualClock('2026-05-01T10:00:00.000Z');
const now = () => Math.floor(clock.now().getTime() / 1000);

beforeAll(async () => {
  rsa = await generateKeyPair('RS256', { extractable: true });
  ec = await generateKeyPair('ES256', { extractable: true });
  stranger = await generateKeyPair('RS256', { extractable: true });
  const jwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ],
  };
  dir = mkdtempSync(join(tmpdir(), 'verity-oidc-'));
  jwksFile = join(dir, 'jwks.json');
  writeFileSync(jwksFile, JSON.stringify(jwks));
  server = createServer((_req, res) => {
    res.writeHead(serveStatus, { 'content-type': 'application/json' });
    res.end(serveStatus === 200 ? JSON.stringify(jwks) : '{"error":"down"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function verifier(config: Partial<OidcConfig> = {}): OidcVerifier {
  const source = config.jwksUrl === undefined ? { jwksFile } : {};
  return new OidcVerifier({ issuer: ISSUER, audience: AUDIENCE, ...source, ...config }, clock);
}

/** Claims for a valid token; `extra` overrides them (undefined removes one). */
function claims(extra: Record<string, unknown> = {}): JWTPayload {
  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'f5d2c1a0-0000-4000-8000-000000000001',
    preferred_username: 'carol',
    groups: ['ml-team', 'risk'],
    iat: now(),
    exp: now() + 300,
    ...extra,
  };
}

async function sign(
  payload: JWTPayload,
  key: KeyPair = rsa,
  header: { alg: string; kid?: string } = { alg: 'RS256', kid: 'rsa-1' },
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('OidcVerifier', () => {
  describe('when the token is valid', () => {
    it('returns the user name, groups and subject (RS256, local JWKS file)', async () => {
      const identity = await verifier().verify(await sign(claims()));
      expect(identity).toMatchObject({
        name: 'carol',
        groups: ['ml-team', 'risk'],
        subject: 'f5d2c1a0-0000-4000-8000-000000000001',
      });
      expect(identity.claims.iss).toBe(ISSUER);
    });

    it('verifies ES256 against a JWKS served over HTTP', async () => {
      const token = await sign(claims(), ec, { alg: 'ES256', kid: 'ec-1' });
      expect((await verifier({ jwksUrl }).verify(token)).name).toBe('carol');
    });

    it('falls back to sub when the user-name claim is absent', async () => {
      const token = await sign(claims({ preferred_username: undefined, sub: 'dave' }));
      expect((await verifier().verify(token)).name).toBe('dave');
    });

    it('reads the configured user-name and groups claims; a lone group string counts', async () => {
      const token = await sign(claims({ email: 'erin@example.com', roles: 'auditors' }));
      const identity = await verifier({ usernameClaim: 'email', groupsClaim: 'roles' }).verify(
        token,
      );
      expect(identity).toMatchObject({ name: 'erin@example.com', groups: ['auditors'] });
    });

    it('accepts a token expired less than the clock skew ago', async () => {
      const token = await sign(claims({ exp: now() - 30 }));
      expect((await verifier().verify(token)).name).toBe('carol');
    });
  });

  describe('when the algorithm is not an allowed asymmetric one', () => {
    it("refuses alg 'none' (an unsigned token)", async () => {
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
      await expectAuthFailure(verifier().verify(token), 'alg-not-allowed');
    });

    it('refuses HS256 signed with the public key as the HMAC secret (key confusion)', async () => {
      const secret = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
      const token = await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
        .sign(secret);
      await expectAuthFailure(verifier().verify(token), 'alg-not-allowed');
    });

    it('refuses an asymmetric algorithm left out of the configuration', async () => {
      const token = await sign(claims(), ec, { alg: 'ES256', kid: 'ec-1' });
      await expectAuthFailure(verifier({ algorithms: ['RS256'] }).verify(token), 'alg-not-allowed');
    });

    it('cannot even be configured with a symmetric algorithm or none', () => {
      for (const alg of ['HS256', 'none']) {
        expect(() => verifier({ algorithms: [alg as 'RS256'] })).toThrow(
          expect.objectContaining({ code: 'VALIDATION_ERROR' }),
        );
      }
    });
  });

  describe('when the token is outside its validity period', () => {
    it('refuses a token expired beyond the clock skew', async () => {
      const token = await sign(claims({ exp: now() - 61 }));
      await expectAuthFailure(verifier().verify(token), 'expired');
    });

    it('refuses a token that expires later once the clock has moved past it', async () => {
      const token = await sign(claims({ exp: now() + 120 }));
      const v = verifier();
      expect((await v.verify(token)).name).toBe('carol');
      clock.advance(181_000);
      try {
        await expectAuthFailure(v.verify(token), 'expired');
      } finally {
        clock.advance(-181_000);
      }
    });

    it('refuses a token not valid yet (nbf beyond the skew), reported as expired', async () => {
      const token = await sign(claims({ nbf: now() + 120 }));
      await expectAuthFailure(verifier().verify(token), 'expired');
      await expect(verifier().verify(token)).rejects.toThrow(/not valid yet/);
    });

    it('refuses a token without exp', async () => {
      const token = await sign(claims({ exp: undefined }));
      await expectAuthFailure(verifier().verify(token), 'malformed');
    });
  });

  describe('when the token is for someone else', () => {
    it('refuses the wrong audience', async () => {
      const token = await sign(claims({ aud: 'another-api' }));
      await expectAuthFailure(verifier().verify(token), 'wrong-audience');
    });

    it('refuses the wrong issuer', async () => {
      const token = await sign(claims({ iss: 'https://evil.example.com' }));
      await expectAuthFailure(verifier().verify(token), 'wrong-issuer');
    });
  });

  describe('when the signature is not the identity provider’s', () => {
    it('refuses a token signed by another key under a known kid', async () => {
      const token = await sign(claims(), stranger);
      await expectAuthFailure(verifier().verify(token), 'bad-signature');
    });

    it('refuses a token signed by a key the JWKS does not have', async () => {
      const token = await sign(claims(), stranger, { alg: 'RS256', kid: 'unknown-kid' });
      await expectAuthFailure(verifier().verify(token), 'bad-signature');
    });

    it('refuses a token whose payload was changed after signing', async () => {
      const [header, , signature] = (await sign(claims())).split('.');
      const forged = `${header}.${b64(claims({ preferred_username: 'admin' }))}.${signature}`;
      await expectAuthFailure(verifier().verify(forged), 'bad-signature');
    });
  });

  describe('when the token is malformed', () => {
    it.each([
      ['not three parts', 'abc.def'],
      ['characters outside base64url', 'a+b.c/d.e=f'],
      ['a header that is not JSON', `${Buffer.from('nope').toString('base64url')}.e30.`],
      ['a huge token', `${'a'.repeat(20_000)}.b.c`],
    ])('refuses %s', async (_what, token) => {
      await expectAuthFailure(verifier().verify(token), 'malformed');
    });

    it('refuses a user name outside the actor pattern', async () => {
      const token = await sign(claims({ preferred_username: 'carol smith' }));
      await expectAuthFailure(verifier().verify(token), 'malformed');
    });

    it("refuses a reserved user name such as 'verity'", async () => {
      const token = await sign(claims({ preferred_username: 'Verity' }));
      await expectAuthFailure(verifier().verify(token), 'malformed');
    });
  });

  describe('when the keys cannot be fetched', () => {
    it('reports jwks-unavailable for a refused connection', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const v = verifier({ jwksUrl: `http://127.0.0.1:${port}/jwks` });
      await expectAuthFailure(v.verify(await sign(claims())), 'jwks-unavailable');
    });

    it('reports jwks-unavailable for an HTTP error from the JWKS endpoint', async () => {
      serveStatus = 503;
      try {
        await expectAuthFailure(
          verifier({ jwksUrl }).verify(await sign(claims())),
          'jwks-unavailable',
        );
      } finally {
        serveStatus = 200;
      }
    });
  });

  describe('when the configuration is unsafe or incomplete', () => {
    it.each([
      ['plain HTTP to a remote host', { jwksUrl: 'http://idp.example.com/jwks' }],
      ['both a URL and a file', { jwksUrl: 'https://idp.example.com/jwks', jwksFile: '/x' }],
      ['neither a URL nor a file', { jwksFile: undefined }],
    ])('refuses %s', (_what, config) => {
      expect(
        () => new OidcVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksFile, ...config }),
      ).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    });
  });
});
