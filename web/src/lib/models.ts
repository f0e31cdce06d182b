import type { Me, Model } from '../../../src/client/index.js';
import { pathOf } from './paths.js';

/** How the API names a model: `name` in the default namespace, `namespace/name` elsewhere. */
export function modelRef(model: Pick<Model, 'namespace' | 'name'>): string {
  return model.namespace === 'default' ? model.name : `${model.namespace}/${model.name}`;
}

/** The namespace of a model reference (`payments/fraud-screening` → `payments`). */
export function namespaceOfRef(ref: string): string {
  const slash = ref.indexOf('/');
  return slash <= 0 ? 'default' : ref.slice(0, slash);
}

/**
 * Whether the user holds a permission in at least one namespace. Listing routes that need a
 * namespaced permission (registry:read, governance:read) accept that and filter afterwards;
 * `useSession().can(p)` without a namespace asks for a global grant, which is stricter.
 */
export function holdsAnywhere(me: Pick<Me, 'permissions'>, permission: string): boolean {
  return (me.permissions[permission]?.length ?? 0) > 0;
}

/** The dashboard path of a model (its latest version) or of one version. */
export function modelPath(model: string, version?: string): string {
  return version === undefined
    ? pathOf('models', model)
    : pathOf('models', model, 'versions', version);
}

/** Incident statuses that still need work. */
export const OPEN_INCIDENT_STATUSES = new Set(['open', 'triaged', 'mitigating']);
