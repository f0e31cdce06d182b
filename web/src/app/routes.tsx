import type { ReactNode } from 'react';
import { ApprovalsPage } from '../pages/approvals/ApprovalsPage.js';
import { CompliancePage } from '../pages/compliance/CompliancePage.js';
import { IncidentPage } from '../pages/incidents/IncidentPage.js';
import { IncidentsPage } from '../pages/incidents/IncidentsPage.js';
import { InventoryPage } from '../pages/inventory/InventoryPage.js';
import { LedgerPage } from '../pages/ledger/LedgerPage.js';
import { ModelVersionPage } from '../pages/model/ModelVersionPage.js';
import { MonitoringPage } from '../pages/monitoring/MonitoringPage.js';
import { SettingsPage } from '../pages/settings/SettingsPage.js';

export interface Route {
  pattern: string;
  /** Which navigation item is current on this page. */
  nav: NavId;
  title: string;
  render: (params: Record<string, string>) => ReactNode;
}

export type NavId =
  'inventory' | 'approvals' | 'monitoring' | 'incidents' | 'compliance' | 'ledger' | 'settings';

export const NAV: { id: NavId; label: string; path: string }[] = [
  { id: 'inventory', label: 'Inventory', path: '/' },
  { id: 'approvals', label: 'Approvals', path: '/approvals' },
  { id: 'monitoring', label: 'Monitoring', path: '/monitoring' },
  { id: 'incidents', label: 'Incidents', path: '/incidents' },
  { id: 'compliance', label: 'Compliance', path: '/compliance' },
  { id: 'ledger', label: 'Audit ledger', path: '/ledger' },
  { id: 'settings', label: 'Settings', path: '/settings' },
];

/** Every page of the dashboard; the first pattern that matches the path wins. */
export const ROUTES: Route[] = [
  { pattern: '/', nav: 'inventory', title: 'Inventory', render: () => <InventoryPage /> },
  {
    pattern: '/models/:model',
    nav: 'inventory',
    title: 'Model',
    render: (p) => <ModelVersionPage model={p.model!} />,
  },
  {
    pattern: '/models/:model/versions/:ref',
    nav: 'inventory',
    title: 'Model version',
    render: (p) => <ModelVersionPage model={p.model!} versionRef={p.ref!} />,
  },
  { pattern: '/approvals', nav: 'approvals', title: 'Approvals', render: () => <ApprovalsPage /> },
  {
    pattern: '/monitoring',
    nav: 'monitoring',
    title: 'Monitoring',
    render: () => <MonitoringPage />,
  },
  {
    pattern: '/monitoring/:model/:monitor',
    nav: 'monitoring',
    title: 'Monitoring',
    render: (p) => <MonitoringPage model={p.model!} monitor={p.monitor!} />,
  },
  { pattern: '/incidents', nav: 'incidents', title: 'Incidents', render: () => <IncidentsPage /> },
  {
    pattern: '/incidents/:key',
    nav: 'incidents',
    title: 'Incident',
    render: (p) => <IncidentPage incidentKey={p.key!} />,
  },
  {
    pattern: '/compliance',
    nav: 'compliance',
    title: 'Compliance',
    render: () => <CompliancePage />,
  },
  {
    pattern: '/compliance/models/:model',
    nav: 'compliance',
    title: 'Compliance',
    render: (p) => <CompliancePage model={p.model!} />,
  },
  { pattern: '/ledger', nav: 'ledger', title: 'Audit ledger', render: () => <LedgerPage /> },
  { pattern: '/settings', nav: 'settings', title: 'Settings', render: () => <SettingsPage /> },
  {
    pattern: '/settings/:tab',
    nav: 'settings',
    title: 'Settings',
    render: (p) => <SettingsPage tab={p.tab!} />,
  },
];
