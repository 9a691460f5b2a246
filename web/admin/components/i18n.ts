import { makeT, type Catalog } from '../../shared/i18n.js';

/** Strings of the shared list components (pager, filters, table states). */
const catalog = {
  vi: {
    prev: 'Trang trước',
    next: 'Trang sau',
    page: 'Trang {page}/{pages}',
    clear: 'Bỏ lọc',
    loading: 'Đang tải…',
    unitPlaceholder: 'Gõ tên đơn vị, vd. nguyen binh khiem',
    noUnit: 'Không có đơn vị nào khớp tên này.',
    unitOptions: 'Gợi ý cho ô {label}',
  },
  en: {
    prev: 'Previous page',
    next: 'Next page',
    page: 'Page {page} of {pages}',
    clear: 'Clear filters',
    loading: 'Loading…',
    unitPlaceholder: 'Type a unit’s name',
    noUnit: 'No unit matches this name.',
    unitOptions: 'Suggestions for {label}',
  },
} satisfies Catalog<string>;

export const t = makeT<keyof typeof catalog.vi>(catalog);
