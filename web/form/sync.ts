import type { Refused } from './outbox.js';

/**
 * Background Sync between the page and the service worker (sw.ts), for an answer that could not be
 * sent: the page registers the tag, the browser fires it in the worker once it is online, even if
 * every page of the site has been closed by then.
 */
export const OUTBOX_SYNC_TAG = 'hl-outbox';

/** What the worker tells open pages after it sent the outbox (structured-clone safe). */
export interface OutboxMessage {
  type: 'outbox-flushed';
  sent: number;
  sentIds: string[];
  refused: Refused[];
  pending: number;
}

interface SyncRegistration {
  sync?: { register(tag: string): Promise<void> };
}

/**
 * Ask the browser to send the outbox when it is online, page open or not. True only when it
 * promised to: the page then says the answer goes out on its own; otherwise it says truthfully
 * that it goes out when this link is opened again.
 */
export async function registerOutboxSync(): Promise<boolean> {
  try {
    if (!('serviceWorker' in navigator)) return false;
    const registration = (await navigator.serviceWorker.getRegistration('/f/')) as
      (ServiceWorkerRegistration & SyncRegistration) | undefined;
    if (!registration?.active || !registration.sync) return false;
    await registration.sync.register(OUTBOX_SYNC_TAG);
    return true;
  } catch {
    // Refused (permission, a browser that disabled it): the page's own retries remain.
    return false;
  }
}

export function isOutboxMessage(data: unknown): data is OutboxMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { type?: unknown }).type === 'outbox-flushed' &&
    Array.isArray((data as { sentIds?: unknown }).sentIds)
  );
}
