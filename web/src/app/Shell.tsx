import { Suspense, useEffect, useRef } from 'react';
import { Loading } from '../components/states.js';
import { matchPath, Link, useLocation } from './router.js';
import { NAV, ROUTES, preloadPage } from './routes.js';
import { useSession } from './session.js';

/**
 * The frame of every signed-in page: a skip link, the navigation, who is signed in, and the page.
 * Moving to another page puts focus on its main region and announces its title.
 */
export function Shell() {
  const { path } = useLocation();
  const session = useSession();
  const main = useRef<HTMLElement>(null);
  let found: { route: (typeof ROUTES)[number]; params: Record<string, string> } | undefined;
  for (const route of ROUTES) {
    const params = matchPath(route.pattern, path);
    if (params !== undefined) {
      found = { route, params };
      break;
    }
  }
  const title = found?.route.title ?? 'Not found';

  useEffect(() => {
    document.title = `${title} · Verity`;
  }, [title]);
  // A page is its route and parameters; switching a tab (`/settings/:tab`) stays on the page, so
  // focus stays where the keyboard user left it.
  const pageParams = Object.entries(found?.params ?? {}).filter(([name]) => name !== 'tab');
  const page = found === undefined ? path : `${found.route.nav} ${JSON.stringify(pageParams)}`;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
    window.scrollTo(0, 0);
  }, [page]);

  const roles = [...new Set(session.me.bindings.map((b) => b.role))].join(', ');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <Link to="/" className="brand" aria-label="Verity home">
          <svg viewBox="0 0 32 32" aria-hidden="true" width="28" height="28">
            <rect width="32" height="32" rx="7" fill="#fff" fillOpacity="0.12" />
            <path
              d="M8 9l8 15 8-15"
              fill="none"
              stroke="#fff"
              strokeWidth="3.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span>Verity</span>
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.id}>
                <Link
                  to={item.path}
                  className="nav-link"
                  // The page's code starts downloading when the pointer or focus reaches its link.
                  onPointerEnter={() => void preloadPage(item.path)}
                  onFocus={() => void preloadPage(item.path)}
                  {...(found?.route.nav === item.id ? { 'aria-current': 'page' as const } : {})}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="whoami">
          <div className="whoami-name">{session.me.name}</div>
          <div className="whoami-roles">{roles || 'no roles'}</div>
          <button
            type="button"
            className="button ghost small"
            onClick={() => void session.signOut()}
          >
            Sign out
          </button>
        </div>
      </aside>
      <main id="main" ref={main} tabIndex={-1} className="content">
        {found === undefined ? (
          <div className="state state-empty">
            <h1>Page not found</h1>
            <p>
              Nothing lives at <code>{path}</code>. <Link to="/">Back to the inventory</Link>.
            </p>
          </div>
        ) : (
          <Suspense fallback={<Loading label="Loading the page" />}>
            {found.route.render(found.params)}
          </Suspense>
        )}
      </main>
    </div>
  );
}
