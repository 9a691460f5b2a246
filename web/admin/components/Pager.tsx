import { setSearchParams } from '../lib/router.js';
import { t } from './i18n.js';

/** Previous/next through pages kept in the URL's `page` (absent for the first), so a page can be shared. */
export function Pager({ page, pages }: { page: number; pages: number }) {
  if (pages <= 1) return null;
  const go = (to: number) => setSearchParams({ page: to > 1 ? String(to) : undefined });
  const label = t('page', { page, pages });
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => go(page - 1)}>
        {t('prev')}
      </button>
      <span>{label}</span>
      <button type="button" className="secondary" disabled={page >= pages} onClick={() => go(page + 1)}>
        {t('next')}
      </button>
    </nav>
  );
}

/** The page number in the URL, 1 when absent or not a positive whole number. */
export function pageOf(search: URLSearchParams): number {
  const n = Number(search.get('page'));
  return Number.isInteger(n) && n > 1 ? n : 1;
}
