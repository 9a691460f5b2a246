import { useEffect, useId, useState } from 'react';
import type { T } from './i18n.js';

export interface UnitChoice {
  code: string;
  name: string;
}

/** Search units by name (the server ignores diacritics and case) and pick one. */
export function UnitSearch({
  t,
  value,
  onChange,
  error,
}: {
  t: T;
  value: UnitChoice | null;
  onChange: (u: UnitChoice | null) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<UnitChoice[] | null>(null);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetch(`/api/v1/public/units?q=${encodeURIComponent(text)}`, { signal: controller.signal })
        .then((r) => (r.ok ? (r.json() as Promise<{ units: UnitChoice[] }>) : { units: [] }))
        .then((d) => setResults(d.units.slice(0, 8)))
        .catch(() => undefined);
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q]);

  if (value) {
    return (
      <div className="field">
        <span className="label">{t('unit')}</span>
        <div className="chosen">
          <strong>{value.name}</strong>
          <button type="button" className="link" onClick={() => onChange(null)}>
            {t('unitChange')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{t('unit')}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        placeholder={t('unitHint')}
        value={q}
        aria-describedby={error ? `${id}-err` : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setQ(e.target.value)}
      />
      <p className="hint">{t('unitSearch')}</p>
      {results && results.length === 0 && <p className="hint">{t('unitNone')}</p>}
      {results && results.length > 0 && (
        <ul className="results">
          {results.map((u) => (
            <li key={u.code}>
              <button type="button" onClick={() => onChange({ code: u.code, name: u.name })}>
                {u.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}
