import type {
  Binding,
  BindingInput,
  Namespace,
  Permission,
  Role,
  RoleInput,
} from '../auth/index.js';
import { qs, seg, type HttpTransport } from './http-transport.js';

export type { Binding, BindingInput, Namespace, Permission, Role, RoleInput };

/** A role in a namespace (`*`: every namespace). */
export interface RoleGrant {
  role: string;
  namespace: string;
}

/** GET /auth/me: who the caller is and what they may do where. */
export interface Me {
  name: string;
  /** How the request was authenticated: `token`, `session` or `oidc`. */
  via: string;
  groups: string[];
  bindings: RoleGrant[];
  /** The token's scopes when it is narrowed to some of the user's roles, else null. */
  tokenScopes: RoleGrant[] | null;
  /** Permission → namespaces (`*` for every namespace). */
  permissions: Record<string, string[]>;
}

export interface PermissionInfoView {
  name: string;
  namespaced: boolean;
  description: string;
}

export interface BindingQuery {
  /** `user:<name>` or `group:<name>`. */
  subject?: string;
  role?: string;
  namespace?: string;
}

/**
 * Authorisation: the caller's grants, roles, role bindings and namespaces (server side:
 * src/server/routes/access.ts). Reached as `client.access`.
 */
export class AccessApi {
  constructor(private readonly http: HttpTransport) {}

  me(): Promise<Me> {
    return this.http.json('GET', '/auth/me');
  }
  /** Whether the caller is signed in; answers 200 either way (the dashboard's first request). */
  session(): Promise<{ signedIn: boolean; me: Me | null }> {
    return this.http.json('GET', '/auth/session');
  }
  async permissions(): Promise<PermissionInfoView[]> {
    return (await this.http.json<{ items: PermissionInfoView[] }>('GET', '/permissions')).items;
  }

  // ---- roles ----
  /** Built-in roles first, then custom ones. */
  async listRoles(): Promise<Role[]> {
    return (await this.http.json<{ items: Role[] }>('GET', '/roles')).items;
  }
  getRole(name: string): Promise<Role> {
    return this.http.json('GET', `/roles/${seg(name)}`);
  }
  /** Creates or replaces a custom role; built-in roles cannot be changed. */
  putRole(name: string, input: Omit<RoleInput, 'name'>): Promise<Role> {
    return this.http.json('PUT', `/roles/${seg(name)}`, input);
  }
  deleteRole(name: string): Promise<void> {
    return this.http.empty('DELETE', `/roles/${seg(name)}`);
  }

  // ---- role bindings ----
  async listBindings(query: BindingQuery = {}): Promise<Binding[]> {
    return (await this.http.json<{ items: Binding[] }>('GET', `/role-bindings${qs({ ...query })}`))
      .items;
  }
  bindRole(input: BindingInput): Promise<Binding> {
    return this.http.json('POST', '/role-bindings', input);
  }
  /** Removes a binding; it stops applying on the subject's next request. */
  unbindRole(input: BindingInput): Promise<void> {
    return this.http.empty('POST', '/role-bindings/remove', input);
  }

  // ---- namespaces ----
  async listNamespaces(): Promise<Namespace[]> {
    return (await this.http.json<{ items: Namespace[] }>('GET', '/namespaces')).items;
  }
  /** Creates a namespace or changes its description. */
  putNamespace(name: string, input: { description?: string } = {}): Promise<Namespace> {
    return this.http.json('PUT', `/namespaces/${seg(name)}`, input);
  }
}
