import { useEffect, useRef, useState } from 'react';
import { setSearchParams, useLocation } from './router.js';

export interface UrlParam {
  /** The value in the URL: what queries read. */
  value: string;
  /** What the control shows: ahead of the URL while typing. */
  draft: string;
  /** Change the control; the URL follows at once, or debounceMs after the last change. */
  set: (next: string) => void;
}

/**
 * One query parameter of the URL as a filter control's state, so every view can be shared by
 * link. A text box debounces (typing does not push a history entry or a request per key);
 * `reset` names parameters a change clears, such as the page number.
 */
export function useUrlParam(
  name: string,
  options: { debounceMs?: number; reset?: readonly string[]; trim?: boolean } = {},
): UrlParam {
  const { debounceMs = 0, reset = [], trim = debounceMs > 0 } = options;
  const value = useLocation().search.get(name) ?? '';
  const [draft, setDraft] = useState(value);
  // Back/forward or a link can change the URL under the control: follow it, unless it is our own write.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (clean(draft, trim) !== value) setDraft(value);
  }
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(pending.current), []);

  const write = (next: string) => {
    const changes: Record<string, string | undefined> = { [name]: clean(next, trim) || undefined };
    for (const r of reset) changes[r] = undefined;
    if (clean(next, trim) !== (new URL(location.href).searchParams.get(name) ?? '')) {
      // Typing replaces the entry; a deliberate choice (a select, a checkbox) adds one for Back.
      setSearchParams(changes, { replace: debounceMs > 0 });
    }
  };
  const set = (next: string) => {
    setDraft(next);
    clearTimeout(pending.current);
    if (debounceMs > 0) pending.current = setTimeout(() => write(next), debounceMs);
    else write(next);
  };
  return { value, draft, set };
}

const clean = (s: string, trim: boolean) => (trim ? s.trim() : s);
