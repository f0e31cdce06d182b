import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/engines.js';
import type { ManualClock } from '../../lib/index.js';
import {
  expectAuthFailure,
  expectCode,
  ledgerEvents,
  openIdentity,
  ROOT,
  type IdentityHarness,
} from './__fixtures__/identity-harness.js';
import { Authenticator } from './authenticator.js';
import { OidcVerifier } from './oidc.js';
import { createToken, revokeToken } from './tokens.js';
import { createUser, getUser, updateUser } from './users.js';

const ISSUER = 'https://login.example.org';
const AUDIENCE = 'verity';
const DAY = 24 * 60 * 60 * 1000;

describe.each(ENGINES)('the request authenticator on $name', (engine) => {
  let h: IdentityHarness;
  let dir: string;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let aliceToken: string;
  let aliceTokenId: string;

  const oidcToken = async (claims: Record<string, unknown>) => {
    const now = Math.floor(h.clock.now().getTime() / 1000);
    return new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 300, ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .sign(keys.privateKey);
  };
  const bearer = (token: string) =>
    h.authenticator.authenticate({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    keys = await generateKeyPair('ES256', { extractable: true });
    dir = mkdtempSync(join(tmpdir(), 'verity-authn-'));
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(
      jwksFile,
      JSON.stringify({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256' }] }),
    );
    h = await openIdentity(engine, {
      oidc: (clock: ManualClock) =>
        new OidcVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksFile }, clock),
    });
    await createUser(h.ctx, ROOT, { name: 'root' });
    await createUser(h.ctx, ROOT, { name: 'alice' });
    const created = await createToken(h.ctx, { name: 'alice' }, { name: 'main' });
    aliceToken = created.secret;
    aliceTokenId = created.token.id;
  });
  afterAll(async () => {
    await h?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    describe('when the request carries no credentials', () => {
      it('returns null', async () => {
        expect(await h.authenticator.authenticate({})).toBeNull();
        expect(await h.authenticator.authenticate({ cookie: 'theme=dark' })).toBeNull();
        expect(await h.authenticator.authenticate({ cookie: 'verity_session=' })).toBeNull();
      });
    });

    describe('when the Authorization header is not a usable Bearer token', () => {
      it.each([
        ['another scheme', 'Basic YWxpY2U6c2VjcmV0'],
        ['an empty header', ''],
        ['a token that is neither vrt_ nor a JWT', 'Bearer 0123456789abcdef'],
        ['a vrt_ token of the wrong length', 'Bearer vrt_abc'],
        ['two tokens', 'Bearer vrt_a vrt_b'],
      ])('refuses %s as malformed', async (_what, authorization) => {
        await expectAuthFailure(h.authenticator.authenticate({ authorization }), 'malformed');
      });

      it('refuses a bare Bearer scheme as missing', async () => {
        await expectAuthFailure(
          h.authenticator.authenticate({ authorization: 'Bearer' }),
          'missing',
        );
      });
    });

    describe('when an API token is presented', () => {
      it('returns the user with via token and the token id; an unscoped token has no scopes', async () => {
        expect(await bearer(aliceToken)).toEqual({
          name: 'alice',
          via: 'token',
          tokenId: aliceTokenId,
        });
      });

      it('accepts the scheme in any case (RFC 9110 §11.1)', async () => {
        const actor = await h.authenticator.authenticate({ authorization: `bearer ${aliceToken}` });
        expect(actor?.name).toBe('alice');
      });

      it('carries a scoped token’s scopes', async () => {
        const scopes = [{ role: 'viewer', namespace: 'fraud' }];
        const ctx = { ...h.ctx, assertMayGrant: () => Promise.resolve() };
        const { secret, token } = await createToken(ctx, { name: 'alice' }, { name: 'ro', scopes });
        expect(await bearer(secret)).toEqual({
          name: 'alice',
          via: 'token',
          tokenId: token.id,
          scopes,
        });
      });

      it('refuses an unknown token', async () => {
        await expectAuthFailure(bearer(`vrt_${'A'.repeat(43)}`), 'unknown-token');
      });

      it('refuses a revoked token', async () => {
        const { secret, token } = await createToken(h.ctx, { name: 'alice' }, { name: 'gone' });
        await revokeToken(h.ctx, { name: 'alice' }, token.id);
        await expectAuthFailure(bearer(secret), 'revoked');
      });

      it('refuses an expired token', async () => {
        const { secret } = await createToken(
          h.ctx,
          { name: 'alice' },
          { name: 'brief', expiresInDays: 1 },
        );
        h.clock.advance(DAY - 1);
        expect((await bearer(secret))?.name).toBe('alice');
        h.clock.advance(1);
        await expectAuthFailure(bearer(secret), 'expired');
      });

      it('refuses the token of a disabled user', async () => {
        await createUser(h.ctx, ROOT, { name: 'dora' });
        const { secret } = await createToken(h.ctx, { name: 'dora' }, { name: 'x' });
        await updateUser(h.ctx, ROOT, 'dora', { disabled: true });
        await expectAuthFailure(bearer(secret), 'user-disabled');
      });

      it('records last use at most once a minute', async () => {
        await createUser(h.ctx, ROOT, { name: 'ed' });
        const { secret, token } = await createToken(h.ctx, { name: 'ed' }, { name: 'x' });
        const lastUsed = async () =>
          (
            await h.database.db
              .selectFrom('api_tokens')
              .select('last_used_at')
              .where('id', '=', token.id)
              .executeTakeFirstOrThrow()
          ).last_used_at?.toISOString();
        const first = h.clock.now().toISOString();
        await bearer(secret);
        expect(await lastUsed()).toBe(first);
        h.clock.advance(59_000);
        await bearer(secret);
        expect(await lastUsed()).toBe(first);
        h.clock.advance(1_000);
        await bearer(secret);
        expect(await lastUsed()).toBe(h.clock.now().toISOString());
      });
    });

    describe('when an OIDC token is presented', () => {
      it('provisions the user on first sight, as Verity, and returns their groups', async () => {
        const token = await oidcToken({
          sub: 'id-123',
          preferred_username: 'frank',
          groups: ['ml'],
        });
        expect(await bearer(token)).toEqual({ name: 'frank', via: 'oidc', groups: ['ml'] });
        expect(await getUser(h.ctx, 'frank')).toMatchObject({
          source: 'oidc',
          createdBy: 'verity',
        });
        expect(await bearer(token)).toMatchObject({ name: 'frank' });
        const provisioned = (await ledgerEvents(h.database)).filter(
          (e) => e.type === 'user-provisioned' && e.subject.id === 'frank',
        );
        expect(provisioned).toHaveLength(1);
        expect(provisioned[0]?.actor).toBe('verity');
      });

      it('refuses a disabled OIDC user', async () => {
        await createUser(h.ctx, ROOT, { name: 'gina', source: 'oidc' });
        await updateUser(h.ctx, ROOT, 'gina', { disabled: true });
        await expectAuthFailure(bearer(await oidcToken({ sub: 'gina' })), 'user-disabled');
      });

      it('refuses to sign in a local account through the identity provider', async () => {
        await expectCode(
          bearer(await oidcToken({ sub: 'x', preferred_username: 'root' })),
          'FORBIDDEN',
        );
      });

      it('passes on the verifier’s refusals', async () => {
        await expectAuthFailure(
          bearer(await oidcToken({ sub: 'frank', aud: 'someone-else' })),
          'wrong-audience',
        );
      });

      it('refuses JWTs as unknown tokens when OIDC is not configured', async () => {
        const plain = new Authenticator({ db: h.database.db, clock: h.clock });
        const token = await oidcToken({ sub: 'frank' });
        await expectAuthFailure(
          plain.authenticate({ authorization: `Bearer ${token}` }),
          'unknown-token',
        );
      });
    });

    describe('when a session cookie is presented', () => {
      it('refuses a malformed or unknown session', async () => {
        await expectAuthFailure(
          h.authenticator.authenticate({ cookie: 'verity_session=short' }),
          'malformed',
        );
        await expectAuthFailure(
          h.authenticator.authenticate({ cookie: `verity_session=${'B'.repeat(43)}` }),
          'no-such-session',
        );
      });

      it('prefers the Authorization header when both are sent', async () => {
        const actor = await h.authenticator.authenticate({
          authorization: `Bearer ${aliceToken}`,
          cookie: `verity_session=${'B'.repeat(43)}`,
        });
        expect(actor).toMatchObject({ name: 'alice', via: 'token' });
      });
    });
  });
});
