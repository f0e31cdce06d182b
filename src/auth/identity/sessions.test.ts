import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/engines.js';
import {
  expectAuthFailure,
  expectCode,
  ledgerEvents,
  ledgerText,
  openIdentity,
  ROOT,
  type IdentityHarness,
} from './__fixtures__/identity-harness.js';
import { LoginFailedError } from './auth-failure.js';
import { sessionCookie } from './cookies.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { listSessions, login, logout } from './sessions.js';
import { createUser, updateUser } from './users.js';

const PASSWORD = 'sessions need passwords';
const HOUR = 60 * 60 * 1000;

describe.each(ENGINES)('sessions on $name', (engine) => {
  let h: IdentityHarness;
  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await openIdentity(engine);
    await createUser(h.ctx, ROOT, { name: 'root' });
    await createUser(h.ctx, ROOT, { name: 'uma', password: PASSWORD });
    await createUser(h.ctx, ROOT, { name: 'victor', password: PASSWORD });
    await createUser(h.ctx, ROOT, { name: 'walter', password: PASSWORD });
    await createUser(h.ctx, ROOT, { name: 'tokenonly' });
    await updateUser(h.ctx, ROOT, 'walter', { disabled: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  // Each test signs in from its own address, so the per-address counter does not carry over.
  let address = 0;
  const from = () => `192.0.2.${++address}`;

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('signs in, stores only the secret’s hash, and authenticates the cookie', async () => {
      const { session, secret } = await login(h.ctx, {
        name: 'uma',
        password: PASSWORD,
        clientAddress: from(),
      });
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(session).toEqual({
        id: session.id,
        user: 'uma',
        createdAt: '2026-04-01T08:00:00.000Z',
        expiresAt: '2026-04-01T20:00:00.000Z',
      });
      const row = await h.database.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', session.id)
        .executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));
      const cookie = sessionCookie(secret, { secure: true, maxAgeSeconds: 43_200 });
      expect(await h.authenticator.authenticate({ cookie: cookie.split(';')[0] })).toEqual({
        name: 'uma',
        via: 'session',
      });
      expect((await listSessions(h.ctx, 'uma')).map((s) => s.id)).toContain(session.id);
    });

    it('ledgers the sign-in without the secret or the client address', async () => {
      const clientAddress = from();
      const { session, secret } = await login(h.ctx, {
        name: 'uma',
        password: PASSWORD,
        clientAddress,
      });
      expect((await ledgerEvents(h.database)).at(-1)).toEqual({
        type: 'session-started',
        actor: 'uma',
        subject: { kind: 'session', id: session.id },
        payload: { user: 'uma', expiresAt: session.expiresAt },
      });
      const text = await ledgerText(h.database);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(clientAddress);
      expect(text).not.toContain(PASSWORD);
    });

    describe('when sign-in fails', () => {
      it.each([
        ['a wrong password', 'uma', 'not the password', 'wrong-password'],
        ['an unknown user', 'nobody', PASSWORD, 'unknown-user'],
        ['a disabled user (right password)', 'walter', PASSWORD, 'user-disabled'],
        ['a user without a password', 'tokenonly', PASSWORD, 'no-password'],
        ['a malformed name', 'no such name!', PASSWORD, 'malformed-name'],
        ['a reserved name', 'verity', PASSWORD, 'malformed-name'],
      ])('answers %s the same way, keeping the cause for the log', async (_w, name, pw, why) => {
        const clientAddress = from();
        const before = (await ledgerEvents(h.database)).length;
        const error = await login(h.ctx, { name, password: pw, clientAddress }).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(LoginFailedError);
        expect(error).toMatchObject({
          code: 'UNAUTHENTICATED',
          message: 'wrong user name or password',
          details: { reason: 'bad-password' },
          failure: why,
          userName: name,
          clientAddress,
        });
        expect(Object.keys((error as LoginFailedError).details)).toEqual(['reason']);
        // A failed sign-in changes nothing, so nothing is ledgered.
        expect(await ledgerEvents(h.database)).toHaveLength(before);
      });
    });

    describe('when a user name is guessed at', () => {
      it('refuses after five failures with RATE_LIMITED, even the right password, until the window ends', async () => {
        for (let i = 0; i < 5; i++) {
          await expectAuthFailure(
            login(h.ctx, { name: 'victor', password: `guess number ${i}`, clientAddress: from() }),
            'bad-password',
          );
          h.clock.advance(60_000);
        }
        const refused = login(h.ctx, { name: 'victor', password: PASSWORD, clientAddress: from() });
        await expect(refused).rejects.toMatchObject({
          code: 'RATE_LIMITED',
          details: { retryAfterSeconds: 600 },
        });
        h.clock.advance(10 * 60_000);
        const { session } = await login(h.ctx, {
          name: 'victor',
          password: PASSWORD,
          clientAddress: from(),
        });
        expect(session.user).toBe('victor');
      });

      it('limits one address spraying many user names', async () => {
        const ctx = { ...h.ctx, loginLimiter: new LoginRateLimiter({ clock: h.clock }) };
        for (let i = 0; i < 5; i++) {
          await expectAuthFailure(
            login(ctx, { name: `user${i}`, password: PASSWORD, clientAddress: '203.0.113.9' }),
            'bad-password',
          );
        }
        await expectCode(
          login(ctx, { name: 'uma', password: PASSWORD, clientAddress: '203.0.113.9' }),
          'RATE_LIMITED',
        );
      });
    });

    describe('when a session ends', () => {
      it('signs out: the cookie stops working and the ledger says so', async () => {
        const { session, secret } = await login(h.ctx, {
          name: 'uma',
          password: PASSWORD,
          clientAddress: from(),
        });
        const cookie = `verity_session=${secret}`;
        const actor = await h.authenticator.authenticate({ cookie });
        await logout(h.ctx, actor ?? { name: '' }, secret);
        await expectAuthFailure(h.authenticator.authenticate({ cookie }), 'revoked');
        expect((await ledgerEvents(h.database)).at(-1)).toMatchObject({
          type: 'session-ended',
          subject: { kind: 'session', id: session.id },
          payload: { user: 'uma', reason: 'logout' },
        });
        await expectAuthFailure(logout(h.ctx, { name: 'uma' }, secret), 'no-such-session');
      });

      it('refuses ending someone else’s session', async () => {
        const { secret } = await login(h.ctx, {
          name: 'uma',
          password: PASSWORD,
          clientAddress: from(),
        });
        await expectAuthFailure(logout(h.ctx, { name: 'victor' }, secret), 'no-such-session');
      });

      it('expires after the configured lifetime (12 hours by default)', async () => {
        const { secret } = await login(h.ctx, {
          name: 'uma',
          password: PASSWORD,
          clientAddress: from(),
        });
        const cookie = `verity_session=${secret}`;
        h.clock.advance(12 * HOUR - 1);
        expect(await h.authenticator.authenticate({ cookie })).toMatchObject({ name: 'uma' });
        h.clock.advance(1);
        await expectAuthFailure(h.authenticator.authenticate({ cookie }), 'expired');
      });
    });
  });
});
