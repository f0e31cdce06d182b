import { PageHeader } from '../../components/layout.js';

export function CompliancePage(_props: { model?: string }) {
  return <PageHeader title="Compliance" subtitle="Being built." />;
}
