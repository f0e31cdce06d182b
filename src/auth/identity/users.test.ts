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
import { login } from './sessions.js';
import { createToken } from './tokens.js';
import {
  createUser,
  getUser,
  listUsers,
  provisionOidcUser,
  setPassword,
  updateUser,
} from './users.js';

const PASSWORD = 'a long enough password';
const EMAIL = 'Grace.Hopper@Example.com';

describe.each(ENGINES)('users on $name', (engine) => {
  let h: IdentityHarness;
  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await openIdentity(engine);
    await createUser(h.ctx, ROOT, { name: 'root' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const signIn = (name: string, password = PASSWORD) =>
    login(h.ctx, { name, password, clientAddress: `client-of-${name}` });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('creates a user and never returns password material', async () => {
      const user = await createUser(h.ctx, ROOT, {
        name: 'grace',
        displayName: 'Grace Hopper',
        email: EMAIL,
        password: PASSWORD,
      });
      expect(user).toEqual({
        name: 'grace',
        displayName: 'Grace Hopper',
        email: EMAIL,
        source: 'local',
        hasPassword: true,
        disabled: false,
        disabledAt: null,
        createdAt: '2026-04-01T08:00:00.000Z',
        createdBy: 'root',
        updatedAt: '2026-04-01T08:00:00.000Z',
      });
      const listed = await listUsers(h.ctx);
      expect(listed.map((u) => u.name)).toContain('grace');
      expect(JSON.stringify(listed)).not.toContain('scrypt$');
    });

    it('puts digests of the e-mail address and display name in the ledger, never the text', async () => {
      const events = await ledgerEvents(h.database);
      const created = events.find((e) => e.type === 'user-created' && e.subject.id === 'grace');
      expect(created).toMatchObject({
        actor: 'root',
        payload: {
          name: 'grace',
          source: 'local',
          hasPassword: true,
          // sha256 of the trimmed, lower-cased address; of the display name as given
          emailDigest: 'sha256:a460d7fa831915bb17b55b9151a5278e916f2de6480dc2171845c4b305620428',
          displayNameDigest:
            'sha256:b2278a963678b9088632223d057087d6efed00852e7cb7c76caa56f439bb3f40',
        },
      });
      const text = await ledgerText(h.database);
      for (const secret of [EMAIL, EMAIL.toLowerCase(), 'Grace Hopper', PASSWORD, 'scrypt$']) {
        expect(text).not.toContain(secret);
      }
    });

    describe('when the name is not acceptable', () => {
      it.each([
        ['reserved', 'verity'],
        ['reserved in another case', 'System'],
        ['outside the actor pattern', 'bad name'],
        ['empty', ''],
      ])('refuses a %s name with VALIDATION_ERROR', async (_what, name) => {
        await expectCode(createUser(h.ctx, ROOT, { name }), 'VALIDATION_ERROR');
      });

      it('refuses an existing name, and one differing only in case, with ALREADY_EXISTS', async () => {
        await expectCode(createUser(h.ctx, ROOT, { name: 'grace' }), 'ALREADY_EXISTS');
        await expectCode(createUser(h.ctx, ROOT, { name: 'Grace' }), 'ALREADY_EXISTS');
      });
    });

    it('refuses a password shorter than 12 characters with VALIDATION_ERROR', async () => {
      await expectCode(
        createUser(h.ctx, ROOT, { name: 'shorty', password: 'elevenchars' }),
        'VALIDATION_ERROR',
      );
    });

    it('refuses a password for a user who signs in through the identity provider', async () => {
      await expectCode(
        createUser(h.ctx, ROOT, { name: 'idp-user', source: 'oidc', password: PASSWORD }),
        'VALIDATION_ERROR',
      );
    });

    it('lets only holders of user.write create users', async () => {
      await expectCode(createUser(h.ctx, { name: 'grace' }, { name: 'mallory' }), 'FORBIDDEN');
    });

    describe('when a user is disabled', () => {
      it('revokes their sessions, refuses their tokens, and lets them back when enabled', async () => {
        await createUser(h.ctx, ROOT, { name: 'heidi', password: PASSWORD });
        const { secret: session } = await signIn('heidi');
        const { secret: token } = await createToken(h.ctx, { name: 'heidi' }, { name: 'ci' });
        const cookie = `verity_session=${session}`;
        expect(await h.authenticator.authenticate({ cookie })).toMatchObject({ name: 'heidi' });

        const disabled = await updateUser(h.ctx, ROOT, 'heidi', { disabled: true });
        expect(disabled).toMatchObject({ disabled: true, disabledAt: '2026-04-01T08:00:00.000Z' });
        await expectAuthFailure(h.authenticator.authenticate({ cookie }), 'revoked');
        await expectAuthFailure(
          h.authenticator.authenticate({ authorization: `Bearer ${token}` }),
          'user-disabled',
        );
        await expectAuthFailure(signIn('heidi'), 'bad-password');
        const events = await ledgerEvents(h.database);
        expect(events.at(-1)).toMatchObject({
          type: 'user-disabled',
          payload: { name: 'heidi', sessionsRevoked: 1 },
        });

        await updateUser(h.ctx, ROOT, 'heidi', { disabled: false });
        expect(
          await h.authenticator.authenticate({ authorization: `Bearer ${token}` }),
        ).toMatchObject({ name: 'heidi', via: 'token' });
        // The revoked session stays revoked.
        await expectAuthFailure(h.authenticator.authenticate({ cookie }), 'revoked');
      });

      it('refuses disabling one’s own account', async () => {
        await expectCode(updateUser(h.ctx, ROOT, 'root', { disabled: true }), 'FORBIDDEN');
      });
    });

    it('updates the profile and records only what changed, as digests', async () => {
      const user = await updateUser(h.ctx, ROOT, 'grace', {
        displayName: 'Rear Admiral Hopper',
        email: null,
      });
      expect(user).toMatchObject({ displayName: 'Rear Admiral Hopper', email: null });
      const last = (await ledgerEvents(h.database)).at(-1);
      expect(last).toMatchObject({
        type: 'user-updated',
        payload: { name: 'grace', changed: ['displayName', 'email'], emailDigest: null },
      });
      expect(JSON.stringify(last)).not.toContain('Admiral');
    });

    it('refuses updating a user who does not exist with NOT_FOUND', async () => {
      await expectCode(updateUser(h.ctx, ROOT, 'nobody', { displayName: 'x' }), 'NOT_FOUND');
    });

    describe('when passwords are set', () => {
      it('lets an administrator reset a password, signing the user out everywhere', async () => {
        await createUser(h.ctx, ROOT, { name: 'ivan', password: PASSWORD });
        const { secret } = await signIn('ivan');
        await setPassword(h.ctx, ROOT, 'ivan', { password: 'a brand new password' });
        await expectAuthFailure(
          h.authenticator.authenticate({ cookie: `verity_session=${secret}` }),
          'revoked',
        );
        await expectAuthFailure(signIn('ivan'), 'bad-password');
        await expect(signIn('ivan', 'a brand new password')).resolves.toMatchObject({
          session: { user: 'ivan' },
        });
        expect((await ledgerEvents(h.database)).at(-2)).toMatchObject({
          type: 'password-changed',
          actor: 'root',
          payload: { name: 'ivan', by: 'administrator', sessionsRevoked: 1 },
        });
      });

      it('asks users for their current password to change their own', async () => {
        await createUser(h.ctx, ROOT, { name: 'judy', password: PASSWORD });
        const judy = { name: 'judy', via: 'session' as const };
        await expectAuthFailure(
          setPassword(h.ctx, judy, 'judy', { password: 'another good password' }),
          'bad-password',
        );
        await expectAuthFailure(
          setPassword(h.ctx, judy, 'judy', {
            password: 'another good password',
            currentPassword: 'not my password',
          }),
          'bad-password',
        );
        await setPassword(h.ctx, judy, 'judy', {
          password: 'another good password',
          currentPassword: PASSWORD,
        });
        await expect(signIn('judy', 'another good password')).resolves.toBeDefined();
        const text = await ledgerText(h.database);
        expect(text).not.toContain('another good password');
      });

      it('lets someone without a password yet (the bootstrap admin) set one by token', async () => {
        await createUser(h.ctx, ROOT, { name: 'kim' });
        await setPassword(h.ctx, { name: 'kim', via: 'token' }, 'kim', { password: PASSWORD });
        expect((await getUser(h.ctx, 'kim')).hasPassword).toBe(true);
      });

      it('refuses a password change by a token restricted by scopes', async () => {
        await expectCode(
          setPassword(
            h.ctx,
            { name: 'kim', via: 'token', scopes: [{ role: 'viewer', namespace: '*' }] },
            'kim',
            { password: 'yet another password', currentPassword: PASSWORD },
          ),
          'FORBIDDEN',
        );
      });

      it('refuses someone else’s password without user.write', async () => {
        await expectCode(
          setPassword(h.ctx, { name: 'kim' }, 'judy', { password: 'hijacked password!' }),
          'FORBIDDEN',
        );
      });

      it('refuses a password for a user of the identity provider', async () => {
        await createUser(h.ctx, ROOT, { name: 'olga', source: 'oidc' });
        await expectCode(
          setPassword(h.ctx, ROOT, 'olga', { password: PASSWORD }),
          'VALIDATION_ERROR',
        );
      });
    });

    describe('when an OIDC user is first seen', () => {
      it('provisions them as Verity itself, once', async () => {
        expect(await provisionOidcUser(h.ctx, 'pat')).toBe(true);
        expect(await provisionOidcUser(h.ctx, 'pat')).toBe(false);
        expect(await getUser(h.ctx, 'pat')).toMatchObject({
          source: 'oidc',
          hasPassword: false,
          createdBy: 'verity',
        });
        const provisioned = (await ledgerEvents(h.database)).filter(
          (e) => e.type === 'user-provisioned',
        );
        expect(provisioned).toEqual([
          {
            type: 'user-provisioned',
            actor: 'verity',
            subject: { kind: 'user', id: 'pat' },
            payload: { name: 'pat', source: 'oidc' },
          },
        ]);
      });

      it('does not provision a name that clashes in case with an existing user', async () => {
        expect(await provisionOidcUser(h.ctx, 'GRACE')).toBe(false);
        await expectCode(getUser(h.ctx, 'GRACE'), 'NOT_FOUND');
      });
    });
  });
});
