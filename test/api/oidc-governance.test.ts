import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/auth/index.js';
import { OidcVerifier } from '../../src/auth/identity/index.js';
import { VerityClient } from '../../src/client/index.js';
import { putEnvironment } from '../../src/environments/index.js';
import { ManualClock } from '../../src/lib/index.js';
import { ENGINES } from '../support/engines.js';
import { errorOf, upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

const ISSUER = 'https://idp.example.test/realms/bank';
const AUDIENCE = 'verity';

/**
 * People who sign in through an identity provider: their groups map to roles through bindings,
 * and separation of duties holds for them exactly as for token users.
 */
describe.each(ENGINES)('OIDC users in the governance workflow on $name', (engine) => {
  let h: Harness;
  let dir: string;
  let sign: (claims: { preferred_username: string; groups: string[] }) => Promise<string>;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    const keys = await generateKeyPair('ES256', { extractable: true });
    dir = mkdtempSync(join(tmpdir(), 'verity-oidc-'));
    const jwksFile = join(dir, 'jwks.json');
    writeFileSync(
      jwksFile,
      JSON.stringify({ keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256' }] }),
    );
    // Tokens are checked against the harness's fixed start time.
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const oidc = new OidcVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksFile }, clock);
    h = await startHarness(engine, { openEnvironments: false, oidc });
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setSubject(claims.preferred_username)
        .setIssuedAt(Math.floor(h.clock.now().getTime() / 1000))
        .setExpirationTime(Math.floor(h.clock.now().getTime() / 1000) + 600)
        .sign(keys.privateKey);
    await putEnvironment(h.runtime.governance, SYSTEM_ACTOR, {
      name: 'production',
      rank: 2,
      quorum: { 'risk-officer': 1 },
    });
    const admin = h.client('alice');
    await admin.access.bindRole({ subject: 'group:quants', role: 'contributor', namespace: '*' });
    await admin.access.bindRole({
      subject: 'group:model-risk',
      role: 'risk-officer',
      namespace: '*',
    });
  });
  afterAll(async () => {
    await h?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(engine.skip !== undefined)('signed in with an identity provider', () => {
    it('maps groups to roles, attributes changes to the user, and refuses self-approval', async () => {
      const nora = new VerityClient({
        baseUrl: h.baseUrl,
        token: await sign({ preferred_username: 'nora', groups: ['quants', 'model-risk'] }),
      });
      const me = await nora.access.me();
      expect(me).toMatchObject({ name: 'nora', via: 'oidc', groups: ['quants', 'model-risk'] });

      await nora.createModel({ name: 'limits' });
      await nora.registerVersion('limits', {
        label: '1.0.0',
        format: 'other',
        files: [await upload(nora, 'm.bin', 'limits weights')],
      });
      const promotion = await h.client('bob').governance.requestPromotion({
        model: 'limits',
        version: '1.0.0',
        environment: 'production',
      });
      const refused = await errorOf(() => nora.governance.approvePromotion(promotion.id, {}));
      expect(refused.code).toBe('SEPARATION_OF_DUTIES');
      expect(refused.message).toContain('registered this version');

      const omar = new VerityClient({
        baseUrl: h.baseUrl,
        token: await sign({ preferred_username: 'omar', groups: ['model-risk'] }),
      });
      const approved = await omar.governance.approvePromotion(promotion.id, { reason: 'ok' });
      expect(approved.status).toBe('approved');
      expect(approved.approvals.map((a) => [a.approver, a.role])).toEqual([
        ['omar', 'risk-officer'],
      ]);
      const provisioned = await h.client().auditEntries({ type: 'user-provisioned' });
      expect(provisioned.items.map((e) => e.event?.subject.id).sort()).toEqual(['nora', 'omar']);
    });

    it('refuses a token signed by another key, for another audience, or with alg none', async () => {
      const stranger = await generateKeyPair('ES256');
      const foreign = await new SignJWT({ preferred_username: 'eve', groups: ['model-risk'] })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setExpirationTime(Math.floor(h.clock.now().getTime() / 1000) + 600)
        .sign(stranger.privateKey);
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(
        JSON.stringify({ iss: ISSUER, aud: AUDIENCE, preferred_username: 'eve', exp: 4102444800 }),
      ).toString('base64url');
      for (const [token, reason] of [
        [foreign, 'bad-signature'],
        [`${header}.${payload}.`, 'alg-not-allowed'],
      ] as const) {
        const error = await errorOf(() =>
          new VerityClient({ baseUrl: h.baseUrl, token }).access.me(),
        );
        expect(error.code).toBe('UNAUTHENTICATED');
        expect(error.details.reason).toBe(reason);
      }
    });
  });
});
