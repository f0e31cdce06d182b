import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES } from '../../../test/support/engines.js';
import { VerityError } from '../../lib/index.js';
import type { ScopeRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import {
  expectCode,
  ledgerEvents,
  ledgerText,
  openIdentity,
  ROOT,
  type IdentityHarness,
} from './__fixtures__/identity-harness.js';
import { createToken, getToken, listTokens, revokeToken } from './tokens.js';
import { createUser } from './users.js';

const DAY = 24 * 60 * 60 * 1000;
const alice: Actor = { name: 'alice', via: 'session' };
const bob: Actor = { name: 'bob', via: 'session' };

describe.each(ENGINES)('API tokens on $name', (engine) => {
  let h: IdentityHarness;
  const assertMayGrant = vi.fn(async (actor: Actor, scopes: readonly ScopeRow[]) => {
    if (scopes.some((s) => s.role === 'admin')) {
      throw new VerityError('FORBIDDEN', `${actor.name} does not hold admin`);
    }
    return Promise.resolve();
  });
  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await openIdentity(engine, { assertMayGrant });
    for (const name of ['root', 'alice', 'bob']) await createUser(h.ctx, ROOT, { name });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('returns a vrt_ secret once and stores only its SHA-256 and display prefix', async () => {
      const { token, secret } = await createToken(h.ctx, alice, { name: 'laptop' });
      expect(secret).toMatch(/^vrt_[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
      expect(token).toEqual({
        id: token.id,
        user: 'alice',
        name: 'laptop',
        prefix: secret.slice(4, 12),
        scopes: [],
        status: 'active',
        expiresAt: new Date(h.clock.now().getTime() + 90 * DAY).toISOString(),
        createdAt: h.clock.now().toISOString(),
        createdBy: 'alice',
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
      });
      const row = await h.database.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(secret.slice(4));
    });

    it('keeps every part of the secret out of the ledger', async () => {
      const { secret, token } = await createToken(h.ctx, alice, { name: 'ledger-check' });
      const text = await ledgerText(h.database);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(4, 12));
      expect(text).not.toContain(createHash('sha256').update(secret).digest('hex'));
      expect((await ledgerEvents(h.database)).at(-1)).toEqual({
        type: 'api-token-created',
        actor: 'alice',
        subject: { kind: 'api-token', id: token.id, ref: 'alice/ledger-check' },
        payload: { user: 'alice', name: 'ledger-check', scopes: [], expiresAt: token.expiresAt },
      });
    });

    describe('when a lifetime is asked for', () => {
      it('accepts up to the configured maximum (365 days by default)', async () => {
        const { token } = await createToken(h.ctx, alice, { name: 'year', expiresInDays: 365 });
        expect(token.expiresAt).toBe(new Date(h.clock.now().getTime() + 365 * DAY).toISOString());
      });

      it('refuses more than the maximum with VALIDATION_ERROR', async () => {
        await expectCode(
          createToken(h.ctx, alice, { name: 'forever', expiresInDays: 366 }),
          'VALIDATION_ERROR',
        );
      });
    });

    it('refuses a second active token of the same name with ALREADY_EXISTS', async () => {
      await expectCode(createToken(h.ctx, alice, { name: 'laptop' }), 'ALREADY_EXISTS');
    });

    describe('when scopes are given', () => {
      it('asks the role checker and stores the scopes, without duplicates', async () => {
        const scopes = [
          { role: 'viewer', namespace: '*' },
          { role: 'contributor', namespace: 'fraud' },
          { role: 'viewer', namespace: '*' },
        ];
        const { token } = await createToken(h.ctx, alice, { name: 'scoped', scopes });
        expect(assertMayGrant).toHaveBeenLastCalledWith(alice, scopes.slice(0, 2));
        expect(token.scopes).toEqual(scopes.slice(0, 2));
      });

      it('passes on the role checker’s refusal', async () => {
        await expectCode(
          createToken(h.ctx, alice, {
            name: 'too-much',
            scopes: [{ role: 'admin', namespace: '*' }],
          }),
          'FORBIDDEN',
        );
      });

      it('refuses scoped tokens when no role checker is configured', async () => {
        const { db, committer, clock } = h.ctx;
        const ctx = { db, committer, clock };
        await expectCode(
          createToken(ctx, alice, { name: 'x', scopes: [{ role: 'viewer', namespace: '*' }] }),
          'FORBIDDEN',
        );
      });

      it('refuses an unrestricted token to a caller holding a restricted one', async () => {
        const restricted: Actor = {
          name: 'alice',
          via: 'token',
          scopes: [{ role: 'viewer', namespace: '*' }],
        };
        await expectCode(createToken(h.ctx, restricted, { name: 'widened' }), 'FORBIDDEN');
      });
    });

    describe('when listing', () => {
      it('lists one’s own tokens without secrets', async () => {
        const tokens = await listTokens(h.ctx, alice);
        expect(tokens.map((t) => t.name)).toEqual(
          expect.arrayContaining(['laptop', 'year', 'scoped']),
        );
        expect(tokens.every((t) => t.user === 'alice')).toBe(true);
        expect(Object.keys(tokens[0] ?? {})).not.toContain('secretHash');
      });

      it('refuses another user’s tokens unless the caller may read identities', async () => {
        await expectCode(listTokens(h.ctx, bob, { user: 'alice' }), 'FORBIDDEN');
        const seen = await listTokens(h.ctx, ROOT, { user: 'alice', mayReadOthers: true });
        expect(seen.length).toBeGreaterThan(0);
      });

      it('marks expired tokens', async () => {
        const { token } = await createToken(h.ctx, bob, { name: 'short', expiresInDays: 1 });
        h.clock.advance(DAY);
        try {
          expect((await getToken(h.ctx, token.id)).status).toBe('expired');
        } finally {
          h.clock.advance(-DAY);
        }
      });
    });

    describe('when revoking', () => {
      it('lets owners revoke their own token, effective on the next request', async () => {
        const { token, secret } = await createToken(h.ctx, bob, { name: 'ci' });
        const authorization = `Bearer ${secret}`;
        expect(await h.authenticator.authenticate({ authorization })).toMatchObject({
          name: 'bob',
        });
        const revoked = await revokeToken(h.ctx, bob, token.id);
        expect(revoked).toMatchObject({ status: 'revoked', revokedBy: 'bob' });
        await expect(h.authenticator.authenticate({ authorization })).rejects.toMatchObject({
          details: { reason: 'revoked' },
        });
        expect((await ledgerEvents(h.database)).at(-1)).toMatchObject({
          type: 'api-token-revoked',
          actor: 'bob',
          payload: { user: 'bob', name: 'ci', by: 'owner' },
        });
      });

      it('refuses revoking someone else’s token without token.revoke-any', async () => {
        const { token } = await createToken(h.ctx, bob, { name: 'deploy' });
        await expectCode(revokeToken(h.ctx, alice, token.id), 'FORBIDDEN');
        expect(h.authorizer.calls.at(-1)).toEqual({ actor: 'alice', action: 'token.revoke-any' });
        const revoked = await revokeToken(h.ctx, ROOT, token.id);
        expect(revoked).toMatchObject({ status: 'revoked', revokedBy: 'root' });
      });

      it('refuses revoking twice with CONFLICT and an unknown id with NOT_FOUND', async () => {
        const { token } = await createToken(h.ctx, bob, { name: 'twice' });
        await revokeToken(h.ctx, bob, token.id);
        await expectCode(revokeToken(h.ctx, bob, token.id), 'CONFLICT');
        await expectCode(
          revokeToken(h.ctx, bob, '00000000-0000-7000-8000-000000000000'),
          'NOT_FOUND',
        );
      });

      it('lets a revoked token’s name be reused', async () => {
        await expect(createToken(h.ctx, bob, { name: 'twice' })).resolves.toBeDefined();
      });
    });

    it('refuses a token for a user who does not exist', async () => {
      await expectCode(createToken(h.ctx, { name: 'ghost' }, { name: 'x' }), 'NOT_FOUND');
    });
  });
});
