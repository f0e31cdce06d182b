import { useState, type FormEvent } from 'react';
import type { User } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { useSession } from '../../app/session.js';
import { Badge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { Section, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { plural, sortUsers } from './settings-data.js';
import { ActionError, ConfirmButton, NoAccess, ReadOnlyNote } from './settings-ui.js';

/** Users: who can sign in, how, and whether they still may; administrators add and disable. */
export function UsersTab() {
  const session = useSession();
  if (!session.can('identity:read')) {
    return (
      <NoAccess permission="identity:read">
        The list of users is shown to people who administer or audit access.
      </NoAccess>
    );
  }
  return <UsersList />;
}

function UsersList() {
  const session = useSession();
  const mayWrite = session.can('identity:write');
  const { state, reload } = useApi(() => api.identity.listUsers(), []);
  return (
    <AsyncView state={state} retry={reload} label="Loading users">
      {(users) => (
        <>
          <div className="stats">
            <Stat label="users" value={users.length} />
            <Stat label="active" value={users.filter((u) => !u.disabled).length} />
            <Stat
              label="disabled"
              value={users.filter((u) => u.disabled).length}
              {...(users.some((u) => u.disabled) ? { tone: 'warn' as const } : {})}
            />
            <Stat
              label="signed in through OIDC"
              value={users.filter((u) => u.source === 'oidc').length}
            />
          </div>
          <Section
            title="Users"
            id="users"
            actions={
              mayWrite ? undefined : (
                <ReadOnlyNote permission="identity:write">Adding and disabling users</ReadOnlyNote>
              )
            }
          >
            {users.length === 0 ? (
              <Empty>
                No users yet. An administrator adds them here or with verity user create.
              </Empty>
            ) : (
              <UsersTable
                users={users}
                mayWrite={mayWrite}
                me={session.me.name}
                onChange={reload}
              />
            )}
          </Section>
          {mayWrite ? <CreateUser onCreated={reload} /> : null}
        </>
      )}
    </AsyncView>
  );
}

function UsersTable({
  users,
  mayWrite,
  me,
  onChange,
}: {
  users: User[];
  mayWrite: boolean;
  me: string;
  onChange: () => void;
}) {
  const setDisabled = useAction(async (name: string, disabled: boolean) => {
    await api.identity.updateUser(name, { disabled });
    onChange();
  });
  return (
    <>
      <ActionError error={setDisabled.error} />
      <div className="table-wrap">
        <table className="data">
          <caption>
            {plural(users.length, 'user')}; disabled users can neither sign in nor use their tokens
          </caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Display name</th>
              <th scope="col">Source</th>
              <th scope="col">Sign-in</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              {mayWrite ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {sortUsers(users).map((user) => (
              <tr key={user.name}>
                <th scope="row" className="row-head">
                  <strong>{user.name}</strong>
                  {user.name === me ? <span className="muted small"> (you)</span> : null}
                  {user.email === null ? null : <div className="muted small">{user.email}</div>}
                </th>
                <td>{user.displayName || <span className="muted">—</span>}</td>
                <td>
                  <Badge tone={user.source === 'oidc' ? 'info' : 'neutral'}>{user.source}</Badge>
                </td>
                <td className="small">
                  {user.source === 'oidc'
                    ? 'identity provider'
                    : user.hasPassword
                      ? 'password or token'
                      : 'API token only'}
                </td>
                <td>
                  {user.disabled ? (
                    <>
                      <Badge tone="bad">disabled</Badge>
                      <div className="muted small">
                        <Time iso={user.disabledAt} />
                      </div>
                    </>
                  ) : (
                    <Badge tone="good">active</Badge>
                  )}
                </td>
                <td>
                  <Time iso={user.createdAt} mode="date" />
                  <div className="muted small">by {user.createdBy}</div>
                </td>
                {mayWrite ? (
                  <td className="actions-cell">
                    {user.disabled ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={setDisabled.busy}
                        onClick={() => void setDisabled.run(user.name, false)}
                      >
                        Enable
                      </button>
                    ) : (
                      <ConfirmButton
                        label="Disable"
                        question={`Disable ${user.name}? Their sessions end and tokens stop working.`}
                        confirmLabel={`Disable ${user.name}`}
                        busy={setDisabled.busy}
                        disabled={user.name === me}
                        disabledReason="You cannot disable your own account."
                        onConfirm={() => setDisabled.run(user.name, true)}
                      />
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState({ name: '', displayName: '', email: '', password: '' });
  const [created, setCreated] = useState<string | undefined>();
  const create = useAction(async () => {
    const user = await api.identity.createUser({
      name: form.name.trim(),
      ...(form.displayName.trim() === '' ? {} : { displayName: form.displayName.trim() }),
      ...(form.email.trim() === '' ? {} : { email: form.email.trim() }),
      ...(form.password === '' ? {} : { password: form.password }),
    });
    setForm({ name: '', displayName: '', email: '', password: '' });
    setCreated(user.name);
    onCreated();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(undefined);
    void create.run();
  };
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  return (
    <Section title="Add a user" id="create-user">
      <form className="settings-form" onSubmit={submit}>
        <div className="form-grid">
          <label className="field">
            <span>User name</span>
            <input required autoComplete="off" placeholder="ana.lopez" {...field('name')} />
          </label>
          <label className="field">
            <span>Display name</span>
            <input
              autoComplete="off"
              placeholder="Ana López (credit risk)"
              {...field('displayName')}
            />
          </label>
          <label className="field">
            <span>E-mail</span>
            <input type="email" autoComplete="off" {...field('email')} />
          </label>
          <label className="field">
            <span>Initial password (optional)</span>
            <input
              type="password"
              autoComplete="new-password"
              minLength={12}
              {...field('password')}
            />
          </label>
        </div>
        <p className="hint">
          Without a password the user signs in with an API token or through the identity provider.
          Give them roles on the Roles &amp; access tab.
        </p>
        <ActionError error={create.error} />
        {created === undefined ? null : (
          <p className="notice" role="status">
            User <strong>{created}</strong> added.
          </p>
        )}
        <button type="submit" className="button primary" disabled={create.busy}>
          {create.busy ? 'Adding…' : 'Add user'}
        </button>
      </form>
    </Section>
  );
}
