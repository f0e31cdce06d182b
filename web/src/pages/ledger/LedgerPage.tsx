import { PageHeader } from '../../components/layout.js';

export function LedgerPage() {
  return <PageHeader title="Audit ledger" subtitle="Being built." />;
}
