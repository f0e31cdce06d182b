import { z } from 'zod';
import { actorSchema, nameSchema } from '../../lib/index.js';
import { RESERVED_USER_NAMES } from '../actor.js';
import { PASSWORD_MAX_LENGTH, passwordIssues } from './passwords.js';

/**
 * Input and output shapes of the identity API. The same schemas validate HTTP input, describe
 * the OpenAPI document and type the client. Services re-check what protects security (names,
 * password policy, scopes), since they are also called from outside HTTP.
 */

export function isReservedUserName(name: string): boolean {
  return RESERVED_USER_NAMES.includes(name.toLowerCase());
}

/** A user name: the actor pattern, and not one that would read as Verity itself. */
export const userNameSchema = actorSchema.refine(
  (name) => !isReservedUserName(name),
  'is reserved for Verity itself',
);

export const passwordSchema = z
  .string()
  .max(PASSWORD_MAX_LENGTH * 4)
  .superRefine((password, ctx) => {
    for (const issue of passwordIssues(password, []))
      ctx.addIssue({ code: 'custom', message: issue.message });
  });

export const displayNameSchema = z.string().trim().max(256);
export const emailSchema = z.email().max(320);

export const USER_SOURCES = ['local', 'oidc'] as const;
export type UserSource = (typeof USER_SOURCES)[number];

export const createUserSchema = z.object({
  name: userNameSchema,
  displayName: displayNameSchema.optional(),
  email: emailSchema.optional(),
  /** Sets a password for dashboard sign-in; without one the user signs in by token or OIDC. */
  password: passwordSchema.optional(),
  /**
   * 'oidc' pre-registers someone who will sign in through the identity provider (so they can be
   * disabled before their first visit); such users never have a password.
   */
  source: z.enum(USER_SOURCES).optional(),
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .object({
    displayName: displayNameSchema.optional(),
    email: emailSchema.nullable().optional(),
    /** true disables (sessions revoked, tokens refused); false enables again. */
    disabled: z.boolean().optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'nothing to change');
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const setPasswordSchema = z.object({
  password: passwordSchema,
  /** Required when users change their own password. */
  currentPassword: z
    .string()
    .max(PASSWORD_MAX_LENGTH * 4)
    .optional(),
});
export type SetPasswordInput = z.infer<typeof setPasswordSchema>;

export const userSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  source: z.enum(USER_SOURCES),
  hasPassword: z.boolean(),
  disabled: z.boolean(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

/** A role in a namespace; namespace '*' means every namespace. */
export const scopeSchema = z.object({
  role: nameSchema,
  namespace: z.union([z.literal('*'), nameSchema]),
});
export type Scope = z.infer<typeof scopeSchema>;

export const MAX_TOKEN_SCOPES = 64;

export const createTokenSchema = z.object({
  name: nameSchema,
  /** Empty or absent: the token carries all of its user's own rights. */
  scopes: z.array(scopeSchema).max(MAX_TOKEN_SCOPES).optional(),
  /** Default 90; the server's maximum (default 365) is checked by the service. */
  expiresInDays: z.number().int().min(1).max(36_500).optional(),
  /**
   * Issue the token to another user (a service account such as a CI pipeline); needs
   * identity:write, and the scopes are checked against that user's roles.
   */
  user: z.string().min(1).max(128).optional(),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const TOKEN_STATUSES = ['active', 'expired', 'revoked'] as const;

/** Token metadata: never the secret nor its hash. */
export const tokenSchema = z.object({
  id: z.string(),
  user: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(scopeSchema),
  status: z.enum(TOKEN_STATUSES),
  expiresAt: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type TokenInfo = z.infer<typeof tokenSchema>;

/** The answer to token creation: the only time the secret is ever shown. */
export const createdTokenSchema = z.object({ token: tokenSchema, secret: z.string() });
export type CreatedToken = z.infer<typeof createdTokenSchema>;

/**
 * Sign-in. The name is not checked against the user-name pattern here: a malformed name gets the
 * same answer as a wrong password.
 */
export const loginSchema = z.object({
  name: z.string().min(1).max(256),
  password: z
    .string()
    .min(1)
    .max(PASSWORD_MAX_LENGTH * 4),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** A dashboard session's metadata; the secret travels only in the cookie. */
export const sessionSchema = z.object({
  id: z.string(),
  user: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof sessionSchema>;
