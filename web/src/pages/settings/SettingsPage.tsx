import { useRef } from 'react';
import { navigate, pathOf } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { PageHeader } from '../../components/layout.js';
import { Tabs } from '../../components/tabs.js';
import { EnvironmentsTab } from './EnvironmentsTab.js';
import { KeysTab } from './KeysTab.js';
import { PolicyPacksTab } from './PolicyPacksTab.js';
import { RolesTab } from './RolesTab.js';
import { defaultTab, isSettingsTab, SETTINGS_TABS, type SettingsTabId } from './settings-data.js';
import { TokensTab } from './TokensTab.js';
import { UsersTab } from './UsersTab.js';
import { WebhooksTab } from './WebhooksTab.js';
import './settings.css';

/**
 * Settings: people and access, one's own API tokens, keys, webhooks, environments and policy
 * packs. The tab lives in the path (`/settings/tokens`); each tab asks only for what the signed-in
 * user may read, and shows changes only to those who may make them.
 */
export function SettingsPage({ tab }: { tab?: string }) {
  const session = useSession();
  const selected: SettingsTabId = isSettingsTab(tab)
    ? tab
    : defaultTab(session.can('identity:read'));
  const container = useRef<HTMLDivElement>(null);

  const select = (id: string) => {
    if (id === selected) return;
    // Moving to another page focuses the main region; a keyboard user switching tabs with the
    // arrow keys keeps focus on the tab list instead.
    const fromTabList = container.current
      ?.querySelector('[role="tablist"]')
      ?.contains(document.activeElement);
    navigate(pathOf('settings', id));
    if (fromTabList === true) {
      requestAnimationFrame(() => {
        container.current
          ?.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')
          ?.focus();
      });
    }
  };

  return (
    <>
      <PageHeader
        title="Settings"
        subtitle="Who may do what, your API tokens, the keys Verity trusts, where events are sent, and the environments and policies that gate every promotion."
      />
      <div ref={container} className="settings-tabs">
        <Tabs
          label="Settings"
          tabs={SETTINGS_TABS.map((t) => ({ id: t.id, label: t.label }))}
          selected={selected}
          onSelect={select}
        >
          <SettingsTab id={selected} />
        </Tabs>
      </div>
    </>
  );
}

function SettingsTab({ id }: { id: SettingsTabId }) {
  switch (id) {
    case 'users':
      return <UsersTab />;
    case 'roles':
      return <RolesTab />;
    case 'tokens':
      return <TokensTab />;
    case 'keys':
      return <KeysTab />;
    case 'webhooks':
      return <WebhooksTab />;
    case 'environments':
      return <EnvironmentsTab />;
    case 'policy-packs':
      return <PolicyPacksTab />;
  }
}
