import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/engines.js';
import {
  expectCode,
  ledgerEvents,
  ledgerText,
  openIdentity,
  ROOT,
  type IdentityHarness,
} from './__fixtures__/identity-harness.js';
import { bootstrapAdmin } from './bootstrap.js';
import { newTokenSecret } from './secrets.js';
import { createUser, getUser } from './users.js';

describe.each(ENGINES)('bootstrapping the first administrator on $name', (engine) => {
  let h: IdentityHarness;
  let home: string;
  beforeEach(async () => {
    if (engine.skip !== undefined) return;
    h = await openIdentity(engine);
    home = mkdtempSync(join(tmpdir(), 'verity-home-'));
  });
  afterEach(async () => {
    await h?.close();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('creates admin, a global admin binding and a token written once to a 0600 file', async () => {
      const result = await bootstrapAdmin(h.ctx, { home });
      const tokenFile = join(home, 'admin-token');
      expect(result).toEqual({ created: true, tokenFile });
      expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
      const secret = readFileSync(tokenFile, 'utf8').trim();
      expect(secret).toMatch(/^vrt_[A-Za-z0-9_-]{43}$/);

      expect(
        await h.authenticator.authenticate({ authorization: `Bearer ${secret}` }),
      ).toMatchObject({ name: 'admin', via: 'token' });
      expect(await getUser(h.ctx, 'admin')).toMatchObject({
        source: 'local',
        hasPassword: false,
        createdBy: 'verity',
      });
      const bindings = await h.database.db.selectFrom('role_bindings').selectAll().execute();
      expect(bindings).toEqual([
        expect.objectContaining({ subject: 'user:admin', role: 'admin', namespace: '*' }),
      ]);
      const events = await ledgerEvents(h.database);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        type: 'admin-bootstrapped',
        actor: 'verity',
        subject: { kind: 'user', id: 'admin' },
        payload: { name: 'admin', role: 'admin', namespace: '*', tokenName: 'bootstrap' },
      });
      expect(h.authorizer.calls).toEqual([{ actor: 'verity', action: 'admin.bootstrap' }]);
      const text = await ledgerText(h.database);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(4, 12));
    });

    it('does nothing the second time and never rewrites the file', async () => {
      await bootstrapAdmin(h.ctx, { home });
      const tokenFile = join(home, 'admin-token');
      const before = { text: readFileSync(tokenFile, 'utf8'), mtime: statSync(tokenFile).mtimeMs };
      expect(await bootstrapAdmin(h.ctx, { home })).toEqual({ created: false, tokenFile });
      expect(readFileSync(tokenFile, 'utf8')).toBe(before.text);
      expect(statSync(tokenFile).mtimeMs).toBe(before.mtime);
      expect(await ledgerEvents(h.database)).toHaveLength(1);
    });

    it('does nothing, and writes no file, once any user exists', async () => {
      await createUser(h.ctx, ROOT, { name: 'someone' });
      expect((await bootstrapAdmin(h.ctx, { home })).created).toBe(false);
      expect(() => statSync(join(home, 'admin-token'))).toThrow();
      await expectCode(getUser(h.ctx, 'admin'), 'NOT_FOUND');
    });

    it('uses another name when asked, but never a reserved one', async () => {
      await expectCode(bootstrapAdmin(h.ctx, { home, name: 'verity' }), 'VALIDATION_ERROR');
      expect((await bootstrapAdmin(h.ctx, { home, name: 'ops' })).created).toBe(true);
      expect((await getUser(h.ctx, 'ops')).name).toBe('ops');
    });

    it('lets exactly one of two racing instances create the administrator; the loser’s file goes', async () => {
      const otherHome = mkdtempSync(join(tmpdir(), 'verity-home-'));
      try {
        const results = await Promise.all([
          bootstrapAdmin(h.ctx, { home }),
          bootstrapAdmin(h.ctx, { home: otherHome, name: 'root' }),
        ]);
        expect(results.map((r) => r.created).sort()).toEqual([false, true]);
        const loser = results.find((r) => !r.created);
        expect(() => statSync(loser?.tokenFile ?? '')).toThrow();
        expect(await h.database.db.selectFrom('users').select('name').execute()).toHaveLength(1);
      } finally {
        rmSync(otherHome, { recursive: true, force: true });
      }
    });

    describe('when a start crashed between writing the file and committing', () => {
      it('commits the secret already on disk instead of writing a new one', async () => {
        const leftover = newTokenSecret();
        const tokenFile = join(home, 'admin-token');
        writeFileSync(tokenFile, `${leftover}\n`, { mode: 0o600 });
        expect(await bootstrapAdmin(h.ctx, { home })).toEqual({ created: true, tokenFile });
        expect(readFileSync(tokenFile, 'utf8')).toBe(`${leftover}\n`);
        expect(
          await h.authenticator.authenticate({ authorization: `Bearer ${leftover}` }),
        ).toMatchObject({ name: 'admin' });
      });

      it('refuses a leftover file others can read, leaving it untouched', async () => {
        const tokenFile = join(home, 'admin-token');
        writeFileSync(tokenFile, `${newTokenSecret()}\n`);
        chmodSync(tokenFile, 0o644);
        await expectCode(bootstrapAdmin(h.ctx, { home }), 'CONFLICT');
        await expectCode(getUser(h.ctx, 'admin'), 'NOT_FOUND');
      });

      it('refuses a leftover file without a valid token, leaving it untouched', async () => {
        const tokenFile = join(home, 'admin-token');
        writeFileSync(tokenFile, 'half-writ', { mode: 0o600 });
        await expectCode(bootstrapAdmin(h.ctx, { home }), 'CONFLICT');
        expect(readFileSync(tokenFile, 'utf8')).toBe('half-writ');
      });
    });
  });
});
