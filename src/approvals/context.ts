import type { RoleAuthorizer } from '../auth/index.js';
import type { RegistryContext } from '../registry/index.js';

/** What approvals need beyond the registry: who holds which role. */
export interface GovernanceContext extends RegistryContext {
  access: RoleAuthorizer;
}
