import { useState, type FormEvent } from 'react';
import type {
  Binding,
  Namespace,
  PermissionInfoView,
  Role,
  User,
} from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { useSession } from '../../app/session.js';
import { Badge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import {
  namespaceLabel,
  permissionAreas,
  plural,
  scopeLabel,
  subjectParts,
} from './settings-data.js';
import { ActionError, ConfirmButton, NoAccess, ReadOnlyNote } from './settings-ui.js';

/** Roles, who holds them where, and namespaces; plus one's own access, which anyone may see. */
export function RolesTab() {
  const session = useSession();
  const mayRead = session.can('identity:read');
  const catalogue = useApi(() => api.access.permissions(), []);
  return (
    <>
      <AsyncView state={catalogue.state} retry={catalogue.reload} label="Loading permissions">
        {(permissions) => (
          <>
            <YourAccess permissions={permissions} />
            {mayRead ? (
              <AccessAdministration permissions={permissions} />
            ) : (
              <Section title="Roles and role bindings" id="roles">
                <NoAccess permission="identity:read">
                  Other people&rsquo;s roles and the custom roles of this installation are shown to
                  people who administer or audit access.
                </NoAccess>
              </Section>
            )}
          </>
        )}
      </AsyncView>
    </>
  );
}

/** The signed-in user's grants and what they allow, from `/auth/me`. */
function YourAccess({ permissions }: { permissions: PermissionInfoView[] }) {
  const { me } = useSession();
  const held = permissions.filter((p) => (me.permissions[p.name]?.length ?? 0) > 0);
  return (
    <Section title="Your access" id="your-access">
      <p>
        You are <strong>{me.name}</strong>, signed in by{' '}
        {me.via === 'session' ? 'password' : me.via}
        {me.bindings.length === 0 ? (
          <>, with no role: ask an administrator for one.</>
        ) : (
          <>
            , holding{' '}
            {me.bindings.map((b, i) => (
              <span key={`${b.role}@${b.namespace}`}>
                {i === 0 ? '' : i === me.bindings.length - 1 ? ' and ' : ', '}
                <Badge tone="info">{b.role}</Badge> in {namespaceLabel(b.namespace)}
              </span>
            ))}
            .
          </>
        )}
        {me.groups.length === 0 ? null : (
          <span className="muted"> Groups from the identity provider: {me.groups.join(', ')}.</span>
        )}
      </p>
      {held.length === 0 ? (
        <Empty>You hold no permission yet. A role binding gives you some.</Empty>
      ) : (
        <details className="settings-details">
          <summary>
            What you may do: {held.length} of {permissions.length} permissions
          </summary>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Permission</th>
                  <th scope="col">Allows</th>
                  <th scope="col">Where</th>
                </tr>
              </thead>
              <tbody>
                {held.map((p) => (
                  <tr key={p.name}>
                    <th scope="row" className="row-head">
                      <code>{p.name}</code>
                    </th>
                    <td>{p.description}</td>
                    <td className="nowrap">
                      {(me.permissions[p.name] ?? []).map(namespaceLabel).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </Section>
  );
}

async function loadAccess() {
  const [roles, bindings, namespaces, users] = await Promise.all([
    api.access.listRoles(),
    api.access.listBindings(),
    api.access.listNamespaces(),
    api.identity.listUsers(),
  ]);
  return { roles, bindings, namespaces, users };
}

function AccessAdministration({ permissions }: { permissions: PermissionInfoView[] }) {
  const session = useSession();
  const mayWrite = session.can('identity:write');
  const { state, reload } = useApi(loadAccess, []);
  return (
    <AsyncView state={state} retry={reload} label="Loading roles and bindings">
      {(data) => (
        <>
          <RolesTable roles={data.roles} permissions={permissions} />
          <BindingsSection
            bindings={data.bindings}
            roles={data.roles}
            namespaces={data.namespaces}
            users={data.users}
            mayWrite={mayWrite}
            onChange={reload}
          />
          <NamespacesSection namespaces={data.namespaces} mayWrite={mayWrite} onChange={reload} />
        </>
      )}
    </AsyncView>
  );
}

function RolesTable({ roles, permissions }: { roles: Role[]; permissions: PermissionInfoView[] }) {
  const order = permissions.map((p) => p.name);
  const describe = new Map(permissions.map((p) => [p.name, p.description]));
  return (
    <Section title="Roles" id="roles">
      <div className="table-wrap">
        <table className="data">
          <caption>
            {plural(roles.filter((r) => r.builtin).length, 'built-in role')} and{' '}
            {roles.some((r) => !r.builtin)
              ? plural(roles.filter((r) => !r.builtin).length, 'custom role')
              : 'no custom role'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Holders may</th>
              <th scope="col">Permissions</th>
            </tr>
          </thead>
          <tbody>
            {roles.map((role) => (
              <tr key={role.name}>
                <th scope="row" className="row-head">
                  <strong>{role.name}</strong>
                  <div>
                    <Badge tone={role.builtin ? 'neutral' : 'info'}>
                      {role.builtin ? 'built-in' : 'custom'}
                    </Badge>
                  </div>
                </th>
                <td className="role-description">{role.description || '—'}</td>
                <td>
                  {role.permissions.length === permissions.length ? (
                    <span>
                      every permission <span className="muted">({permissions.length})</span>
                    </span>
                  ) : (
                    <ul className="perm-list" aria-label={`Permissions of ${role.name}`}>
                      {permissionAreas(role.permissions, order).map((area) => (
                        <li
                          key={area.area}
                          title={area.actions
                            .map((a) => describe.get(`${area.area}:${a}`) ?? `${area.area}:${a}`)
                            .join('; ')}
                        >
                          <span className="perm-area">{area.area}</span> {area.actions.join(', ')}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function BindingsSection({
  bindings,
  roles,
  namespaces,
  users,
  mayWrite,
  onChange,
}: {
  bindings: Binding[];
  roles: Role[];
  namespaces: Namespace[];
  users: User[];
  mayWrite: boolean;
  onChange: () => void;
}) {
  const unbind = useAction(async (binding: Binding) => {
    await api.access.unbindRole({
      subject: binding.subject,
      role: binding.role,
      namespace: binding.namespace,
    });
    onChange();
  });
  const sorted = [...bindings].sort(
    (a, b) => a.subject.localeCompare(b.subject) || a.role.localeCompare(b.role),
  );
  return (
    <Section
      title="Role bindings"
      id="bindings"
      actions={
        mayWrite ? undefined : (
          <ReadOnlyNote permission="identity:write">Binding and unbinding roles</ReadOnlyNote>
        )
      }
    >
      <ActionError error={unbind.error} />
      {sorted.length === 0 ? (
        <Empty>Nobody holds a role yet. Bind one below or with verity role bind.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>
              {plural(sorted.length, 'binding')}; a binding in a namespace applies to the models and
              data sets of that namespace only
            </caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">Role</th>
                <th scope="col">Namespace</th>
                <th scope="col">Granted</th>
                {mayWrite ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {sorted.map((b) => {
                const subject = subjectParts(b.subject);
                return (
                  <tr key={b.id}>
                    <th scope="row" className="row-head">
                      <span className="muted small">{subject.kind} </span>
                      <strong>{subject.name}</strong>
                    </th>
                    <td>
                      <Badge tone="info">{b.role}</Badge>
                    </td>
                    <td>{namespaceLabel(b.namespace)}</td>
                    <td>
                      <Time iso={b.createdAt} mode="date" />
                      <div className="muted small">by {b.createdBy}</div>
                    </td>
                    {mayWrite ? (
                      <td className="actions-cell">
                        <ConfirmButton
                          label="Unbind"
                          question={`Remove ${b.role} from ${subject.name} in ${namespaceLabel(b.namespace)}?`}
                          confirmLabel="Remove binding"
                          busy={unbind.busy}
                          onConfirm={() => unbind.run(b)}
                        />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {mayWrite ? (
        <BindForm roles={roles} namespaces={namespaces} users={users} onBound={onChange} />
      ) : null}
    </Section>
  );
}

function BindForm({
  roles,
  namespaces,
  users,
  onBound,
}: {
  roles: Role[];
  namespaces: Namespace[];
  users: User[];
  onBound: () => void;
}) {
  const [kind, setKind] = useState<'user' | 'group'>('user');
  const [name, setName] = useState('');
  const [role, setRole] = useState(roles[0]?.name ?? '');
  const [namespace, setNamespace] = useState('*');
  const [done, setDone] = useState<string | undefined>();
  const bind = useAction(async () => {
    const binding = await api.access.bindRole({
      subject: `${kind}:${name.trim()}`,
      role,
      namespace: namespace.trim() === '' ? '*' : namespace.trim(),
    });
    setName('');
    setDone(`${subjectParts(binding.subject).name} now holds ${scopeLabel(binding)}`);
    onBound();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(undefined);
    void bind.run();
  };
  return (
    <form className="settings-form bind-form" onSubmit={submit} aria-labelledby="bind-title">
      <h3 id="bind-title">Bind a role</h3>
      <div className="filters">
        <label className="field">
          <span>Subject kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as 'user' | 'group')}>
            <option value="user">user</option>
            <option value="group">group (identity provider)</option>
          </select>
        </label>
        <label className="field">
          <span>{kind === 'user' ? 'User name' : 'Group name'}</span>
          <input
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            {...(kind === 'user' ? { list: 'bind-users' } : {})}
          />
        </label>
        <label className="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            {roles.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Namespace (* for all)</span>
          <input
            required
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            list="bind-namespaces"
          />
        </label>
        <button type="submit" className="button primary" disabled={bind.busy}>
          {bind.busy ? 'Binding…' : 'Bind role'}
        </button>
      </div>
      <datalist id="bind-users">
        {users.map((u) => (
          <option key={u.name} value={u.name} />
        ))}
      </datalist>
      <datalist id="bind-namespaces">
        <option value="*" />
        {namespaces.map((n) => (
          <option key={n.name} value={n.name} />
        ))}
      </datalist>
      <ActionError error={bind.error} />
      {done === undefined ? null : (
        <p className="notice" role="status">
          {done}.
        </p>
      )}
    </form>
  );
}

function NamespacesSection({
  namespaces,
  mayWrite,
  onChange,
}: {
  namespaces: Namespace[];
  mayWrite: boolean;
  onChange: () => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const save = useAction(async () => {
    await api.access.putNamespace(name.trim(), { description: description.trim() });
    setName('');
    setDescription('');
    onChange();
  });
  return (
    <Section title="Namespaces" id="namespaces">
      <p className="hint">
        Namespaces are teams: every model and data set lives in one (<code>default</code> unless
        given), and a role bound in a namespace applies there only.
      </p>
      {namespaces.length === 0 ? (
        <Empty>
          No namespace has been described yet. Models still live in the namespace named when they
          were registered; describing one here records its purpose.
        </Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Namespace</th>
                <th scope="col">Description</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {namespaces.map((n) => (
                <tr key={n.name}>
                  <th scope="row" className="row-head">
                    <strong>{n.name}</strong>
                  </th>
                  <td>{n.description || <span className="muted">—</span>}</td>
                  <td>
                    <Time iso={n.createdAt} mode="date" />
                    <div className="muted small">by {n.createdBy}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayWrite ? (
        <form
          className="settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
          aria-labelledby="namespace-title"
        >
          <h3 id="namespace-title">Create or describe a namespace</h3>
          <div className="filters">
            <label className="field">
              <span>Name</span>
              <input required value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="field grow">
              <span>Description</span>
              <input value={description} onChange={(e) => setDescription(e.target.value)} />
            </label>
            <button type="submit" className="button primary" disabled={save.busy}>
              Save namespace
            </button>
          </div>
          <ActionError error={save.error} />
        </form>
      ) : null}
    </Section>
  );
}
