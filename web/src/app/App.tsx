import { useCallback, useEffect, useState } from 'react';
import type { Me } from '../../../src/client/index.js';
import { api, onSignedOut } from '../api/client.js';
import { Loading } from '../components/states.js';
import { LoginPage } from '../pages/login/LoginPage.js';
import { RouterProvider } from './router.js';
import { preloadPage } from './routes.js';
import { SessionContext, sessionOf } from './session.js';
import { Shell } from './Shell.js';

type AuthState =
  | { status: 'checking' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; me: Me };

/**
 * The dashboard: the sign-in page until the session cookie is accepted (`GET /auth/me`), then
 * the shell with the page for the current path. An answer saying the session has ended (expired,
 * signed out elsewhere, user disabled) brings the sign-in page back.
 */
export function App() {
  const [auth, setAuth] = useState<AuthState>({ status: 'checking' });

  const check = useCallback(async () => {
    try {
      // The page's code downloads while the session is checked.
      const [session] = await Promise.all([
        api.access.session(),
        preloadPage(window.location.pathname),
      ]);
      setAuth(
        session.me === null
          ? { status: 'signed-out', expired: false }
          : { status: 'signed-in', me: session.me },
      );
    } catch {
      setAuth({ status: 'signed-out', expired: false });
    }
  }, []);

  useEffect(() => {
    void check();
    return onSignedOut(() => setAuth({ status: 'signed-out', expired: true }));
  }, [check]);

  const signOut = useCallback(async () => {
    await api.identity.logout().catch(() => undefined);
    setAuth({ status: 'signed-out', expired: false });
  }, []);

  if (auth.status === 'checking') {
    return (
      <main className="centered">
        <Loading label="Starting Verity" />
      </main>
    );
  }
  if (auth.status === 'signed-out') {
    return <LoginPage expired={auth.expired} onSignedIn={check} />;
  }
  return (
    <SessionContext.Provider value={sessionOf(auth.me, signOut)}>
      <RouterProvider>
        <Shell />
      </RouterProvider>
    </SessionContext.Provider>
  );
}
