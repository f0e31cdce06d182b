import { PageHeader } from '../../components/layout.js';

export function MonitoringPage(_props: { model?: string; monitor?: string }) {
  return <PageHeader title="Monitoring" subtitle="Being built." />;
}
