import { PageHeader } from '../../components/layout.js';

export function ApprovalsPage() {
  return <PageHeader title="Approvals" subtitle="Being built." />;
}
