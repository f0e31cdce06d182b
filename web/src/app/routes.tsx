import { use, type ComponentType, type ReactNode } from 'react';
import { matchPath } from './router.js';

/** A promise carrying its outcome the way React's `use` reads it without suspending again. */
type TrackedPromise = Promise<void> & {
  status?: 'fulfilled' | 'rejected';
  value?: undefined;
  reason?: unknown;
};

/**
 * A page whose code is its own chunk, downloaded when first needed. Before it is downloaded the
 * page suspends (the shell shows a loading state); `App` waits for the first page's code together
 * with the session check, so a first load never suspends (React holds a suspended page back for
 * at least 300 ms). Every render calls `use` on the same promise, which carries its outcome in
 * `status` once settled: React then reads it at once instead of suspending, and `use` is never
 * skipped on the render after a suspension (React reports that as an error).
 */
function lazyPage<M, P extends object>(loader: () => Promise<M>, pick: (m: M) => ComponentType<P>) {
  let loaded: ComponentType<P> | undefined;
  let pending: TrackedPromise | undefined;
  const load = (): TrackedPromise => {
    if (pending === undefined) {
      const promise: TrackedPromise = loader().then(
        (m) => {
          loaded = pick(m);
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      promise.then(
        () => {
          promise.status = 'fulfilled';
          promise.value = undefined;
        },
        (reason: unknown) => {
          promise.status = 'rejected';
          promise.reason = reason;
        },
      );
      pending = promise;
    }
    return pending;
  };
  function Page(props: P) {
    use(load() as Promise<void>);
    const Loaded = loaded!;
    return <Loaded {...props} />;
  }
  return { Page, load };
}

const approvals = lazyPage(
  () => import('../pages/approvals/ApprovalsPage.js'),
  (m) => m.ApprovalsPage,
);
const compliance = lazyPage(
  () => import('../pages/compliance/CompliancePage.js'),
  (m) => m.CompliancePage,
);
const incident = lazyPage(
  () => import('../pages/incidents/IncidentPage.js'),
  (m) => m.IncidentPage,
);
const incidents = lazyPage(
  () => import('../pages/incidents/IncidentsPage.js'),
  (m) => m.IncidentsPage,
);
const inventory = lazyPage(
  () => import('../pages/inventory/InventoryPage.js'),
  (m) => m.InventoryPage,
);
const ledger = lazyPage(
  () => import('../pages/ledger/LedgerPage.js'),
  (m) => m.LedgerPage,
);
const model = lazyPage(
  () => import('../pages/model/ModelVersionPage.js'),
  (m) => m.ModelVersionPage,
);
const monitoring = lazyPage(
  () => import('../pages/monitoring/MonitoringPage.js'),
  (m) => m.MonitoringPage,
);
const settings = lazyPage(
  () => import('../pages/settings/SettingsPage.js'),
  (m) => m.SettingsPage,
);
const ApprovalsPage = approvals.Page;
const CompliancePage = compliance.Page;
const IncidentPage = incident.Page;
const IncidentsPage = incidents.Page;
const InventoryPage = inventory.Page;
const LedgerPage = ledger.Page;
const ModelVersionPage = model.Page;
const MonitoringPage = monitoring.Page;
const SettingsPage = settings.Page;
const load = {
  approvals: approvals.load,
  compliance: compliance.load,
  incident: incident.load,
  incidents: incidents.load,
  inventory: inventory.load,
  ledger: ledger.load,
  model: model.load,
  monitoring: monitoring.load,
  settings: settings.load,
};

export interface Route {
  pattern: string;
  /** Which navigation item is current on this page. */
  nav: NavId;
  title: string;
  /** Downloads the page's code. */
  load: () => Promise<unknown>;
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
  {
    pattern: '/',
    nav: 'inventory',
    title: 'Inventory',
    load: load.inventory,
    render: () => <InventoryPage />,
  },
  {
    pattern: '/models/:model',
    nav: 'inventory',
    title: 'Model',
    load: load.model,
    render: (p) => <ModelVersionPage model={p.model!} />,
  },
  {
    pattern: '/models/:model/versions/:ref',
    nav: 'inventory',
    title: 'Model version',
    load: load.model,
    render: (p) => <ModelVersionPage model={p.model!} versionRef={p.ref!} />,
  },
  {
    pattern: '/approvals',
    nav: 'approvals',
    title: 'Approvals',
    load: load.approvals,
    render: () => <ApprovalsPage />,
  },
  {
    pattern: '/monitoring',
    nav: 'monitoring',
    title: 'Monitoring',
    load: load.monitoring,
    render: () => <MonitoringPage />,
  },
  {
    pattern: '/monitoring/:model/:monitor',
    nav: 'monitoring',
    title: 'Monitoring',
    load: load.monitoring,
    render: (p) => <MonitoringPage model={p.model!} monitor={p.monitor!} />,
  },
  {
    pattern: '/incidents',
    nav: 'incidents',
    title: 'Incidents',
    load: load.incidents,
    render: () => <IncidentsPage />,
  },
  {
    pattern: '/incidents/:key',
    nav: 'incidents',
    title: 'Incident',
    load: load.incident,
    render: (p) => <IncidentPage incidentKey={p.key!} />,
  },
  {
    pattern: '/compliance',
    nav: 'compliance',
    title: 'Compliance',
    load: load.compliance,
    render: () => <CompliancePage />,
  },
  {
    pattern: '/compliance/models/:model',
    nav: 'compliance',
    title: 'Compliance',
    load: load.compliance,
    render: (p) => <CompliancePage model={p.model!} />,
  },
  {
    pattern: '/ledger',
    nav: 'ledger',
    title: 'Audit ledger',
    load: load.ledger,
    render: () => <LedgerPage />,
  },
  {
    pattern: '/settings',
    nav: 'settings',
    title: 'Settings',
    load: load.settings,
    render: () => <SettingsPage />,
  },
  {
    pattern: '/settings/:tab',
    nav: 'settings',
    title: 'Settings',
    load: load.settings,
    render: (p) => <SettingsPage tab={p.tab!} />,
  },
];

/** Downloads the code of the page at `path`, if any; resolves when it can render at once. */
export function preloadPage(path: string): Promise<void> {
  const route = ROUTES.find((r) => matchPath(r.pattern, path) !== undefined);
  return (route?.load() ?? Promise.resolve()).then(
    () => undefined,
    () => undefined,
  );
}
