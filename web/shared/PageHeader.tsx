import type { ReactNode } from 'react';
import { setLang, type Lang } from './i18n.js';
import './public-page.css';

/**
 * The header of the public pages without an account (/phan-anh, /cong-khai): the organisation, the
 * page title, an optional subtitle, and the toggle to the other language (kept in localStorage).
 */
export function PageHeader(props: {
  org: ReactNode;
  title: string;
  subtitle?: string | undefined;
  lang: Lang;
  /** The toggle's text, in the other language ("English" / "Tiếng Việt"). */
  languageLabel: string;
  onLang: (next: Lang) => void;
}) {
  const other: Lang = props.lang === 'vi' ? 'en' : 'vi';
  return (
    <header className="top">
      <div>
        <p className="org">{props.org}</p>
        <h1>{props.title}</h1>
        {props.subtitle && <p className="sub">{props.subtitle}</p>}
      </div>
      <button
        type="button"
        className="lang"
        lang={other}
        onClick={() => {
          setLang(other);
          props.onLang(other);
        }}
      >
        {props.languageLabel}
      </button>
    </header>
  );
}
