import { startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { currentLang } from '../shared/i18n.js';
import { App } from './App.js';
import type { TPublicForm as PublicForm } from '../../domain/contract/forms.js';
import './form.css';

/** The form's data, inlined by the server into the page (GET /f/{code}); absent in a cached generic shell. */
function inlineForm(): PublicForm | undefined {
  const el = document.getElementById('hl-form-data');
  try {
    return el?.textContent ? (JSON.parse(el.textContent) as PublicForm) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The service worker keeps this page, its script and style, so a reopened link works offline.
 * The first visit is not yet controlled by it, so the page tells it what to keep.
 */
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker
    .register('/sw.js', { scope: '/f/' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const urls = new Set<string>([location.pathname]);
      for (const entry of performance.getEntriesByType('resource')) {
        const url = new URL(entry.name);
        if (url.origin === location.origin && url.pathname.startsWith('/assets/')) urls.add(url.pathname);
      }
      document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]').forEach((el) => {
        const url = new URL('src' in el ? el.src : el.href, location.href);
        if (url.origin === location.origin && url.pathname.startsWith('/assets/')) urls.add(url.pathname);
      });
      registration.active?.postMessage({ type: 'cache', urls: [...urls] });
    })
    .catch(() => {
      // No service worker (private mode, http on a LAN address): the form still works online.
    });
}

const code = decodeURIComponent(/^\/f\/([^/?#]+)/.exec(location.pathname)?.[1] ?? '');
document.documentElement.lang = currentLang();
const root = createRoot(document.getElementById('root')!);
// A transition lets React render the long form in slices, so a slow phone never freezes on it.
startTransition(() => root.render(<App code={code} initial={inlineForm()} />));
if (document.readyState === 'complete') registerServiceWorker();
else window.addEventListener('load', registerServiceWorker, { once: true });
