import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { OidcConfig } from '../auth/identity/index.js';
import { ValidationError } from '../lib/index.js';

/** Everything the server reads from its environment, resolved once at start. */
export interface VerityConfig {
  /** Data directory for the embedded database, blobs and keys. */
  home: string;
  /** PostgreSQL URL; when unset, the embedded PGlite database in `home` is used. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Largest artifact upload accepted, in bytes. */
  maxUploadBytes: number;
  /** Largest JSON request body, in bytes. */
  maxJsonBytes: number;
  logLevel: string;
  /** The audit log's origin line and checkpoint key name (c2sp.org/tlog-checkpoint). */
  ledgerOrigin: string;
  /** Checkpoint signing key (`PRIVATE+KEY+...`) given by the operator instead of the home file. */
  ledgerSignerKey: string | undefined;
  /** Promotion-attestation private key (PKCS#8 PEM) given by the operator. */
  attestationKeyPem: string | undefined;
  /** Seconds between automatic checkpoints while the log grows; 0 turns them off. */
  checkpointIntervalSeconds: number;
  /** Memory for the in-memory copy of the audit log's tree that proofs are served from. */
  proofCacheBytes: number;
  /** Seconds between scheduled monitor rounds (0: never; runs only on request). */
  monitorIntervalSeconds: number;
  /** OIDC bearer tokens are accepted when an issuer is configured. */
  oidc: OidcConfig | undefined;
  /** Mark the dashboard session cookie `Secure` (serve over HTTPS). */
  secureCookies: boolean;
  /** Deliver webhooks from this instance. */
  webhooks: { enabled: boolean; timeoutMs: number; maxAttempts: number };
  /** Seconds between rounds of incident escalations, clock warnings and notifications. */
  incidentIntervalSeconds: number;
  /** Seconds between rounds of continuous compliance checks (0: never). */
  complianceIntervalSeconds: number;
  /** Seconds between full verifications of the audit log by the compliance job. */
  ledgerVerifyIntervalSeconds: number;
  /** E-mail for incident notifications; unset means none (webhooks still get the events). */
  smtp: { url: string; from: string } | undefined;
  /** The URL people reach Verity at, for links in e-mails. */
  publicUrl: string | undefined;
  /** The built dashboard to serve at `/` (default: `web/dist` in the package). */
  dashboardDir: string | undefined;
}

export const DEFAULT_PORT = 8470;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): VerityConfig {
  return {
    home: resolve(env.VERITY_HOME ?? '.verity'),
    dashboardDir: env.VERITY_DASHBOARD_DIR ? resolve(env.VERITY_DASHBOARD_DIR) : undefined,
    databaseUrl: env.VERITY_DATABASE_URL || undefined,
    host: env.VERITY_HOST ?? '127.0.0.1',
    port: intFrom(env, 'VERITY_PORT', DEFAULT_PORT, 0, 65535),
    maxUploadBytes: intFrom(
      env,
      'VERITY_MAX_UPLOAD_BYTES',
      10 * 1024 ** 3,
      1,
      Number.MAX_SAFE_INTEGER,
    ),
    maxJsonBytes: intFrom(env, 'VERITY_MAX_JSON_BYTES', 8 * 1024 ** 2, 1024, 1024 ** 3),
    logLevel: env.VERITY_LOG_LEVEL ?? 'info',
    ledgerOrigin: env.VERITY_LEDGER_ORIGIN || `${hostname()}/verity`,
    ledgerSignerKey: secretFrom(env, 'VERITY_LEDGER_KEY'),
    attestationKeyPem: secretFrom(env, 'VERITY_ATTESTATION_KEY'),
    checkpointIntervalSeconds: intFrom(env, 'VERITY_CHECKPOINT_INTERVAL', 300, 0, 86_400),
    proofCacheBytes: intFrom(env, 'VERITY_PROOF_CACHE_MB', 64, 0, 1024 ** 2) * 1024 ** 2,
    monitorIntervalSeconds: intFrom(env, 'VERITY_MONITOR_INTERVAL', 60, 0, 86_400),
    oidc: oidcFrom(env),
    secureCookies: boolFrom(env, 'VERITY_SECURE_COOKIES', false),
    webhooks: {
      enabled: boolFrom(env, 'VERITY_WEBHOOKS', true),
      timeoutMs: intFrom(env, 'VERITY_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      maxAttempts: intFrom(env, 'VERITY_WEBHOOK_MAX_ATTEMPTS', 12, 1, 100),
    },
    incidentIntervalSeconds: intFrom(env, 'VERITY_INCIDENT_INTERVAL', 60, 0, 86_400),
    complianceIntervalSeconds: intFrom(env, 'VERITY_COMPLIANCE_INTERVAL', 60, 0, 86_400),
    ledgerVerifyIntervalSeconds: intFrom(
      env,
      'VERITY_LEDGER_VERIFY_INTERVAL',
      86_400,
      60,
      31 * 86_400,
    ),
    smtp:
      env.VERITY_SMTP_URL === undefined || env.VERITY_SMTP_URL === ''
        ? undefined
        : { url: env.VERITY_SMTP_URL, from: env.VERITY_SMTP_FROM || 'verity@localhost' },
    publicUrl: env.VERITY_PUBLIC_URL || undefined,
  };
}

/** OIDC settings; all unset means OIDC is off. Issuer and audience are required together. */
function oidcFrom(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.VERITY_OIDC_ISSUER;
  if (issuer === undefined || issuer === '') return undefined;
  const audience = env.VERITY_OIDC_AUDIENCE;
  if (audience === undefined || audience === '') {
    throw new ValidationError('VERITY_OIDC_AUDIENCE is required with VERITY_OIDC_ISSUER');
  }
  const optional = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const jwksUrl = optional('VERITY_OIDC_JWKS_URL');
  const jwksFile = optional('VERITY_OIDC_JWKS_FILE');
  const usernameClaim = optional('VERITY_OIDC_USERNAME_CLAIM');
  const groupsClaim = optional('VERITY_OIDC_GROUPS_CLAIM');
  return {
    issuer,
    audience,
    ...(jwksUrl === undefined ? {} : { jwksUrl }),
    ...(jwksFile === undefined ? {} : { jwksFile }),
    clockSkewSeconds: intFrom(env, 'VERITY_OIDC_CLOCK_SKEW', 60, 0, 600),
    ...(usernameClaim === undefined ? {} : { usernameClaim }),
    ...(groupsClaim === undefined ? {} : { groupsClaim }),
  };
}

function boolFrom(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ValidationError(`${name} must be true or false, not '${raw}'`);
}

function intFrom(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${name} must be an integer from ${min} to ${max}, not '${raw}'`);
  }
  return value;
}

/** A secret from `NAME` (the value) or `NAME_FILE` (a path to read it from). */
function secretFrom(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${name}_FILE`];
  if (file === undefined || file === '') return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ValidationError(`${name}_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
}
