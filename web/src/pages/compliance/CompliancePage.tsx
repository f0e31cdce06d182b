import { useSession } from '../../app/session.js';
import { ModelView } from './ModelView.js';
import { OrganisationView } from './OrganisationView.js';
import './compliance.css';

/**
 * Compliance: the organisation's posture with its controls × frameworks heat map (`/compliance`),
 * or one model's posture (`/compliance/models/:model`). Every status is the server's.
 */
export function CompliancePage({ model }: { model?: string }) {
  const { me, can } = useSession();
  if (model === undefined) {
    // governance:read is namespaced: the organisation view shows the namespaces one may read.
    const canRead = (me.permissions['governance:read'] ?? []).length > 0;
    return <OrganisationView canRead={canRead} />;
  }
  const namespace = model.includes('/') ? model.slice(0, model.indexOf('/')) : 'default';
  return <ModelView model={model} canRead={can('governance:read', namespace)} />;
}
