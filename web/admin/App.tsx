import { lazy, Suspense, useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError, get, send, setCsrfToken } from './lib/api.js';
import { ZSignedIn } from '../../domain/contract/session.js';
import { queryClient } from './lib/queryClient.js';
import { navigate, useLocation } from './lib/router.js';
import { hasAnyRole, SessionContext, type Me } from './lib/session.js';
import { t } from './i18n.js';
import { routes } from './routes.js';
import { currentLang, setLang } from '../shared/i18n.js';

const BASE = '/admin';
// Until an initial password is changed the API refuses everything else, so this replaces the app.
const ForcedPasswordChange = lazy(() => import('./features/account/ForcedPasswordChange.js'));

function LoginForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const { user } = await send(
        'POST',
        '/api/v1/auth/login',
        { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
        ZSignedIn,
      );
      onSignedIn(user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('errorGeneric'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="login">
      <h1>{t('appName')}</h1>
      <p>{t('appTagline')}</p>
      <form onSubmit={submit} noValidate aria-describedby={error ? 'login-error' : undefined}>
        <label htmlFor="email">{t('email')}</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
        <label htmlFor="password">{t('password')}</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p id="login-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
    </main>
  );
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [menuOpen, setMenuOpen] = useState(false);
  const { pathname } = useLocation();
  const refresh = useCallback(async () => {
    try {
      const { user } = await get('/api/v1/auth/me', ZSignedIn);
      setCsrfToken(user.csrfToken);
      setMe(user);
    } catch {
      setMe(null);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (me === undefined) return <p aria-busy="true">{t('loading')}</p>;
  if (me === null) {
    return (
      <LoginForm
        onSignedIn={(user) => {
          // Nothing cached for the previous user may show to this one.
          queryClient.clear();
          setCsrfToken(user.csrfToken);
          setMe(user);
        }}
      />
    );
  }

  if (me.mustChangePassword) {
    return (
      <SessionContext.Provider value={{ me, refresh }}>
        <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
          <ForcedPasswordChange />
        </Suspense>
      </SessionContext.Provider>
    );
  }

  const sub = pathname.startsWith(BASE) ? pathname.slice(BASE.length) || '/' : '/';
  const first = `/${sub.split('/')[1] ?? ''}`;
  const route = routes.find((r) => r.path === first);
  const visible = routes.filter((r) => !r.hidden && hasAnyRole(me, r.roles));
  const en = currentLang() === 'en';
  const go = (path: string) => {
    setMenuOpen(false);
    navigate(`${BASE}${path}`);
  };

  const paths = routes.filter((r) => hasAnyRole(me, r.roles)).map((r) => r.path);

  return (
    <SessionContext.Provider value={{ me, refresh, paths }}>
      <header className="topbar">
        <a
          href={`${BASE}/`}
          className="brand"
          onClick={(e) => {
            e.preventDefault();
            go('/');
          }}
        >
          {t('appName')}
        </a>
        {/* On a phone the menu folds behind one button, so the page starts at the top of the screen. */}
        <span className="topbar-title" aria-hidden="true">
          {route && !route.hidden && route.path !== '/' ? (en ? route.label.en : route.label.vi) : ''}
        </span>
        <button
          type="button"
          className="menu-toggle secondary"
          aria-expanded={menuOpen}
          aria-controls="admin-menu"
          onClick={() => setMenuOpen((o) => !o)}
        >
          <span aria-hidden="true">☰</span> {menuOpen ? t('closeMenu') : t('openMenu')}
        </button>
        <div id="admin-menu" className={menuOpen ? 'menu open' : 'menu'}>
          <nav aria-label={t('menu')}>
            <ul>
              {visible.map((r) => (
                <li key={r.path}>
                  <a
                    href={`${BASE}${r.path}`}
                    aria-current={r.path === first ? 'page' : undefined}
                    onClick={(e) => {
                      e.preventDefault();
                      go(r.path);
                    }}
                  >
                    {en ? r.label.en : r.label.vi}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className="account">
            <a
              href={`${BASE}/account`}
              aria-current={first === '/account' ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go('/account');
              }}
            >
              {me.displayName || me.email}
            </a>
            <button
              type="button"
              className="link"
              onClick={() => {
                setLang(en ? 'vi' : 'en');
                location.reload();
              }}
            >
              {t('language')}
            </button>
            <button
              type="button"
              className="link"
              onClick={async () => {
                await send('POST', '/api/v1/auth/logout').catch(() => {});
                queryClient.clear();
                setMe(null);
              }}
            >
              {t('signOut')}
            </button>
          </div>
        </div>
      </header>
      <main className="content">
        {!route ? (
          <p>{t('notFound')}</p>
        ) : !hasAnyRole(me, route.roles) ? (
          <p role="alert">{t('forbidden')}</p>
        ) : (
          <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
            <route.component />
          </Suspense>
        )}
      </main>
    </SessionContext.Provider>
  );
}
