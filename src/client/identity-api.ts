import type {
  CreatedToken,
  CreateTokenInput,
  CreateUserInput,
  SessionInfo,
  SetPasswordInput,
  TokenInfo,
  UpdateUserInput,
  User,
} from '../auth/identity/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type {
  CreatedToken,
  CreateTokenInput,
  CreateUserInput,
  SessionInfo,
  SetPasswordInput,
  TokenInfo,
  UpdateUserInput,
  User,
};

/** A signed-in dashboard session: its metadata and the `Set-Cookie` value that carries it. */
export interface LoginResult {
  session: SessionInfo;
  /** The cookie to send back (`name=value`), or null if the server set none. */
  cookie: string | null;
}

/**
 * Who someone is: password sign-in, API tokens and users (server side:
 * src/server/routes/identity.ts). Reached as `client.identity`.
 */
export class IdentityApi {
  constructor(private readonly http: HttpTransport) {}

  // ---- sessions ----
  /** Signs in with a password (rate-limited on failure); the session travels in a cookie. */
  async login(name: string, password: string): Promise<LoginResult> {
    const response = await this.http.send('POST', '/auth/login', { body: { name, password } });
    const setCookie = response.headers.get('set-cookie');
    return {
      session: (await response.json()) as SessionInfo,
      cookie: setCookie === null ? null : (setCookie.split(';')[0] ?? null),
    };
  }
  /** Ends the session whose cookie is given; with a bearer token alone there is no session to end. */
  async logout(cookie?: string): Promise<void> {
    const response = await this.http.send('POST', '/auth/logout', {
      ...(cookie === undefined ? {} : { headers: { cookie } }),
    });
    await response.arrayBuffer();
  }

  // ---- API tokens ----
  /** The caller's tokens, or with identity:read another user's. Metadata only. */
  async listTokens(query: { user?: string } = {}): Promise<TokenInfo[]> {
    return (await this.http.json<{ items: TokenInfo[] }>('GET', `/tokens${qs(query)}`)).items;
  }
  /** Creates a token for the caller. The secret is in this answer only: store it now. */
  createToken(input: CreateTokenInput): Promise<CreatedToken> {
    return this.http.json('POST', '/tokens', input);
  }
  /** Revokes a token at once (one's own, or anyone's with identity:write). */
  revokeToken(id: string): Promise<TokenInfo> {
    return this.http.json('DELETE', `/tokens/${seg(id)}`);
  }

  // ---- users ----
  async listUsers(): Promise<User[]> {
    return (await this.http.json<{ items: User[] }>('GET', '/users')).items;
  }
  getUser(name: string): Promise<User> {
    return this.http.json('GET', `/users/${seg(name)}`);
  }
  createUser(input: CreateUserInput): Promise<User> {
    return this.http.json('POST', '/users', input);
  }
  /** Changes the display name or e-mail, or disables (true) / enables (false) the user. */
  updateUser(name: string, input: UpdateUserInput): Promise<User> {
    return this.http.json('PATCH', `/users/${seg(name)}`, input);
  }
  /** One's own password (with `currentPassword`) or anyone's with identity:write. */
  setPassword(name: string, input: SetPasswordInput): Promise<void> {
    return this.http.empty('PUT', `/users/${seg(name)}/password`, input);
  }
}
