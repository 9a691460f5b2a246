/**
 * The phone form's service worker (scope /f/), served at /sw.js, uncached. Built on its own into
 * one classic script (web/form/sw.build.ts), so the page's bundle does not carry it.
 *
 * It keeps what a reopened form link needs offline: the form pages (each carries its survey's
 * definition inline), the hashed script and style, and the last GET /api/v1/public/forms/{code}.
 * Pages and form data: network first (a new version reaches phones at once), falling back to the
 * copy when there is no network, it is too slow, or the server answers 5xx (an outage). Hashed
 * assets: cache first (they never change).
 *
 * And it sends the outbox after the page is closed (#15.1): the page registers a Background Sync
 * when an answer could not be sent; the browser fires `sync` here once it is online again, even
 * with no page open, and this worker sends the same IndexedDB outbox with the same code as the
 * page (outbox.ts: the retry/give-up verdicts of policy.ts, the 409 renewal, the receipt check).
 */
import { flush, type FlushResult } from './outbox.js';
import { OUTBOX_SYNC_TAG, type OutboxMessage } from './sync.js';

// The DOM library has no service-worker types and the webworker library conflicts with it: the
// few members used here, declared.
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface SyncEventLike extends ExtendableEventLike {
  tag: string;
  lastChance: boolean;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
interface MessageEventLike extends ExtendableEventLike {
  data: unknown;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(options: {
      type: 'window';
      includeUncontrolled: boolean;
    }): Promise<Array<{ postMessage(m: unknown): void }>>;
  };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'sync', listener: (event: SyncEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
}
const worker = self as unknown as WorkerScope;

const CACHE = 'hl-form-v1';
const NETWORK_TIMEOUT_MS = 4000;

worker.addEventListener('install', () => {
  void worker.skipWaiting();
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('hl-form-') && key !== CACHE) await caches.delete(key);
      await worker.clients.claim();
    })(),
  );
});

const sameOrigin = (url: URL) => url.origin === worker.location.origin;
const isPage = (url: URL) => /^\/f\/[^/]+$/.test(url.pathname);
const isFormData = (url: URL) => url.pathname.startsWith('/api/v1/public/forms/');
const isAsset = (url: URL) => url.pathname.startsWith('/assets/');

/** Keep a copy of pages and assets the page itself loaded before this worker controlled it. */
worker.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown; urls?: unknown } | null;
  if (!data || data.type !== 'cache' || !Array.isArray(data.urls)) return;
  const urls = data.urls as unknown[];
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const raw of urls.slice(0, 50)) {
        const url = new URL(String(raw), worker.location.origin);
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

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!sameOrigin(url)) return;
  if (isAsset(url)) event.respondWith(cacheFirst(url.pathname, request));
  else if ((request.mode === 'navigate' && isPage(url)) || isFormData(url)) {
    event.respondWith(networkFirst(url.pathname, request));
  }
});

/**
 * The browser fires this when it is online after the page registered the sync, page open or not.
 * A flush that stopped on "not now" (no network after all, 429, 5xx) fails the event, so the
 * browser tries again later with its own backoff; pages still open hear what was sent.
 */
worker.addEventListener('sync', (event) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const result = await flush();
      await tellPages(result);
      if (result.retry) throw new Error('outbox: not sent yet, the browser will try again');
    })(),
  );
});

async function tellPages(result: FlushResult) {
  if (result.sent === 0 && result.refused.length === 0) return;
  const message: OutboxMessage = {
    type: 'outbox-flushed',
    sent: result.sent,
    sentIds: [...result.sentIds],
    refused: result.refused,
    pending: result.pending,
  };
  for (const client of await worker.clients.matchAll({ type: 'window', includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

async function cacheFirst(key: string, request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(key, res.clone());
  return res;
}

async function networkFirst(key: string, request: Request): Promise<Response> {
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
  // answers wait in the outbox until the server takes them.
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), NETWORK_TIMEOUT_MS));
  const usable = network.then(
    (res) => (res.status >= 500 ? undefined : res),
    () => undefined,
  );
  const res = await Promise.race([usable, timeout]);
  return res ?? cached;
}

function offlinePage(request: Request): Response {
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
async function prune(cache: Cache) {
  const keys = await cache.keys();
  const referenced = new Set<string>();
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
