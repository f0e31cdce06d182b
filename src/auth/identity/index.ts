/**
 * Identities: users and passwords, API tokens, dashboard sessions, OIDC bearer tokens, the
 * request authenticator and the first administrator. Authorisation (roles, bindings) lives in
 * `src/auth`; this module only says who someone is.
 */
export * from './auth-failure.js';
export * from './authenticator.js';
export * from './bootstrap.js';
export {
  DEFAULT_IDENTITY_CONFIG,
  type AssertMayGrant,
  type IdentityConfig,
  type IdentityContext,
} from './context.js';
export * from './cookies.js';
export * from './login-rate-limiter.js';
export * from './oidc.js';
export * from './passwords.js';
export * from './schemas.js';
export {
  emailDigest,
  newTokenSecret,
  secretHash,
  SESSION_SECRET_PATTERN,
  TOKEN_PATTERN,
  TOKEN_PREFIX,
} from './secrets.js';
export * from './sessions.js';
export * from './tokens.js';
export {
  createUser,
  getUser,
  listUsers,
  provisionOidcUser,
  setPassword,
  updateUser,
} from './users.js';
