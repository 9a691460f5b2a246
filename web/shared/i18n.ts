/**
 * A tiny i18n catalog: Vietnamese first, English second. Each app (and each admin feature)
 * keeps its own catalog, so the phone form ships only its own strings.
 */
export type Lang = 'vi' | 'en';
const STORAGE_KEY = 'hl_lang';

export function currentLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'vi' || stored === 'en') return stored;
  } catch {
    // storage may be blocked (private mode); fall through to Vietnamese
  }
  return 'vi';
}

export function setLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore: the choice then lasts for this page only
  }
  document.documentElement.lang = lang;
}

export type Catalog<K extends string> = { vi: Record<K, string> } & { en: Partial<Record<K, string>> };

/** t('key', { n: 3 }) → the string in the current language, with {n} replaced. Falls back to Vietnamese. */
export function makeT<K extends string>(catalog: Catalog<K>, lang: Lang = currentLang()) {
  return (key: K, vars?: Record<string, string | number>): string => {
    const text = (lang === 'en' ? catalog.en[key] : undefined) ?? catalog.vi[key];
    return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
  };
}
