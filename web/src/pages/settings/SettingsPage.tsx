import { PageHeader } from '../../components/layout.js';

export function SettingsPage(_props: { tab?: string }) {
  return <PageHeader title="Settings" subtitle="Being built." />;
}
