/* The phone form's service worker (scope /f/), served at /sw.js, uncached.
 *
 * It keeps what a reopened form link needs offline: the form pages (each carries its survey's
 * definition inline), the hashed script and style, and the last GET /api/v1/public/forms/{code}.
 * Pages and form data: network first (a new version reaches phones at once), falling back to the
 * copy when there is no network, it is too slow, or the server answers 5xx (an outage). Hashed assets: cache first (they never change).
 * Answers are not handled here: the page keeps them in its IndexedDB outbox until stored.
 */
const CACHE = 'hl-form-v1';
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('hl-form-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

const sameOrigin = (url) => url.origin === self.location.origin;
const isPage = (url) => /^\/f\/[^/]+$/.test(url.pathname);
const isFormData = (url) => url.pathname.startsWith('/api/v1/public/forms/');
const isAsset = (url) => url.pathname.startsWith('/assets/');

/** Keep a copy of pages and assets the page itself loaded before this worker controlled it. */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache' || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const raw of data.urls.slice(0, 50)) {
        const url = new URL(String(raw), self.location.origin);
        if (!sameOrigin(url) || !(isPage(url) || isAsset(url))) continue;
        if (isAsset(url) && (await cache.match(url.pathname))) continue;
        try {
          const res = await fetch(url.pathname, { credentials: 'same-origin' });
          if (res.ok) await cache.put(url.pathname, res);
        } catch {
          // offline already: nothing to keep now
        }
      }
      await prune(cache);
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!sameOrigin(url)) return;
  if (isAsset(url)) event.respondWith(cacheFirst(url.pathname, request));
  else if ((request.mode === 'navigate' && isPage(url)) || isFormData(url)) {
    event.respondWith(networkFirst(url.pathname, request));
  }
});

async function cacheFirst(key, request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(key, res.clone());
  return res;
}

async function networkFirst(key, request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request).then(async (res) => {
    if (res.ok) {
      await cache.put(key, res.clone());
      if (isPage(new URL(request.url))) await prune(cache);
    } else if (res.status === 404 || res.status === 410) {
      // The link is gone or retired: never show a stale copy of it again.
      await cache.delete(key);
    }
    return res;
  });
  const cached = await cache.match(key);
  if (!cached) return network.catch(() => offlinePage(request));
  // A slow network gets a few seconds; after that the saved copy is shown (the fetch still
  // finishes in the background and refreshes the copy for next time). A server that answers 5xx
  // (the database is away: 503) is no better than no network: the saved copy is shown too, and its
  // answers wait in the page's outbox until the server takes them.
  const timeout = new Promise((resolve) => setTimeout(() => resolve(undefined), NETWORK_TIMEOUT_MS));
  const usable = network.then(
    (res) => (res.status >= 500 ? undefined : res),
    () => undefined,
  );
  const res = await Promise.race([usable, timeout]);
  return res ?? cached;
}

function offlinePage(request) {
  if (request.mode !== 'navigate') return Response.error();
  const html =
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Không có mạng</title></head><body><main><h1>Không có mạng</h1>' +
    '<p>Phiếu khảo sát này chưa được lưu trên máy. Vui lòng thử lại khi có mạng.</p>' +
    '<p lang="en">You are offline and this survey has not been saved on this phone yet. Please try again when online.</p>' +
    '</main></body></html>';
  return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** Drop hashed assets no saved page refers to any more (left behind by an update). */
async function prune(cache) {
  const keys = await cache.keys();
  const referenced = new Set();
  for (const req of keys) {
    const url = new URL(req.url);
    if (!isPage(url)) continue;
    const res = await cache.match(req);
    const text = res ? await res.text() : '';
    for (const m of text.matchAll(/\/assets\/[^"'\s>]+/g)) referenced.add(m[0]);
  }
  if (referenced.size === 0) return;
  for (const req of keys) {
    const url = new URL(req.url);
    if (isAsset(url) && !referenced.has(url.pathname)) await cache.delete(req);
  }
}
