import type { Model } from '../../../src/client/index.js';
import { pathOf } from '../app/router.js';

/** How the API names a model: `name` in the default namespace, `namespace/name` elsewhere. */
export function modelRef(model: Pick<Model, 'namespace' | 'name'>): string {
  return model.namespace === 'default' ? model.name : `${model.namespace}/${model.name}`;
}

/** The dashboard path of a model (its latest version) or of one version. */
export function modelPath(model: string, version?: string): string {
  return version === undefined
    ? pathOf('models', model)
    : pathOf('models', model, 'versions', version);
}

/** Incident statuses that still need work. */
export const OPEN_INCIDENT_STATUSES = new Set(['open', 'triaged', 'mitigating']);
