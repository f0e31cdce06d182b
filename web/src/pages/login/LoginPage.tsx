import { useState, type FormEvent } from 'react';
import { api, describeError } from '../../api/client.js';

/** Sign-in with a user name and password; the server sets an HttpOnly session cookie. */
export function LoginPage({
  expired,
  onSignedIn,
}: {
  expired: boolean;
  onSignedIn: () => Promise<void>;
}) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ code: string; message: string } | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.identity.login(name.trim(), password);
      await onSignedIn();
    } catch (caught) {
      setError(describeError(caught));
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="login-brand">
          <svg viewBox="0 0 32 32" aria-hidden="true" width="40" height="40">
            <rect width="32" height="32" rx="7" fill="#1d3a6e" />
            <path
              d="M8 9l8 15 8-15"
              fill="none"
              stroke="#fff"
              strokeWidth="3.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <div>
            <h1 id="login-title">Sign in to Verity</h1>
            <p className="subtitle">Model governance, evidence and audit</p>
          </div>
        </div>
        {expired ? (
          <p className="notice" role="status">
            Your session has ended. Sign in again to continue.
          </p>
        ) : null}
        <label className="field">
          <span>User name</span>
          <input
            name="username"
            autoComplete="username"
            required
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error === undefined ? null : (
          <p className="form-error" role="alert">
            {error.code === 'UNAUTHENTICATED'
              ? 'That user name and password do not match.'
              : error.code === 'RATE_LIMITED'
                ? 'Too many failed attempts. Wait a minute and try again.'
                : error.message}{' '}
            <code>{error.code}</code>
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          Scripts and the CLI use API tokens instead (<code>verity token create</code>).
        </p>
      </form>
    </main>
  );
}
