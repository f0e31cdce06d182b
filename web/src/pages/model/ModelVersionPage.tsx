import { PageHeader } from '../../components/layout.js';

export function ModelVersionPage(_props: { model: string; versionRef?: string }) {
  return <PageHeader title="Model" subtitle="Being built." />;
}
