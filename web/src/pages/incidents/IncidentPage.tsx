import { PageHeader } from '../../components/layout.js';

export function IncidentPage(_props: { incidentKey: string }) {
  return <PageHeader title="Incident" subtitle="Being built." />;
}
