import { PageHeader } from '../../components/layout.js';

export function IncidentsPage() {
  return <PageHeader title="Incidents" subtitle="Being built." />;
}
