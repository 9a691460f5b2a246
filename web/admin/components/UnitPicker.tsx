import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { searchKey, searchRank } from '../../../domain/search-text.js';
import { UNIT_KIND_LABELS, SCHOOL_LEVEL_LABELS, type TUnit } from '../../../domain/contract/units.js';
import { unitsQuery } from '../lib/queries.js';
import { currentLang } from '../../shared/i18n.js';
import { Field } from './Field.js';
import { t } from './i18n.js';

const MAX_OPTIONS = 8;

/** The line under a unit's name in the list: its kind or level, and its code for those who know it. */
function unitDetail(u: TUnit, lang: 'vi' | 'en'): string {
  const kind = u.level ? SCHOOL_LEVEL_LABELS[u.level][lang] : UNIT_KIND_LABELS[u.kind][lang];
  return `${kind} · ${u.code}`;
}

/**
 * A unit picked by searching its name (diacritics and case ignored: "nguyen binh khiem" finds
 * "Trường Tiểu học Nguyễn Bỉnh Khiêm"), as an ARIA combobox. The value is the unit's code; only
 * the units the user may see are offered (the API scopes the list). Typing a unit's exact code
 * also picks it, for people who know the codes.
 */
export function UnitPicker(props: {
  id: string;
  label: string;
  /** The chosen unit's code, or '' for none. */
  value: string;
  onChange: (code: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  placeholder?: string;
  required?: boolean;
}) {
  const { value, onChange } = props;
  const lang = currentLang();
  const { data } = useQuery(unitsQuery());
  const units = useMemo(() => data?.units ?? [], [data]);
  const chosen = units.find((u) => u.code === value);
  // null while the user is not typing: the box then shows the chosen unit's name.
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = `${useId()}-units`;

  const shown = text ?? chosen?.name ?? value;
  const matches = useMemo(() => {
    if (text === null) return units.slice(0, MAX_OPTIONS);
    return units
      .map((u) => ({ u, rank: searchRank(text, u.name, u.code) }))
      .filter((m): m is { u: TUnit; rank: number } => m.rank !== undefined)
      .sort((a, b) => a.rank - b.rank || a.u.name.localeCompare(b.u.name, 'vi'))
      .slice(0, MAX_OPTIONS)
      .map((m) => m.u);
  }, [text, units]);
  const expanded = open && matches.length > 0;

  const pick = (u: TUnit) => {
    setText(null);
    setOpen(false);
    onChange(u.code);
  };
  const type = (next: string) => {
    setText(next);
    setOpen(true);
    setActive(0);
    if (!next.trim()) return onChange('');
    // A code typed in full picks its unit at once.
    const exact = units.find((u) => u.code.toLowerCase() === next.trim().toLowerCase());
    if (exact) onChange(exact.code);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (matches.length ? (i + step + matches.length) % matches.length : 0));
    } else if (e.key === 'Enter' && expanded) {
      e.preventDefault();
      const u = matches[active];
      if (u) pick(u);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };

  const hint = chosen ? `${chosen.name} · ${chosen.code}` : text?.trim() && !matches.length ? t('noUnit') : props.hint;
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={hint} className="unit-picker">
      {(aria) => (
        <div className="combo">
          <input
            {...aria}
            type="search"
            role="combobox"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={expanded ? `${listId}-${active}` : undefined}
            value={shown}
            placeholder={props.placeholder ?? t('unitPlaceholder')}
            required={props.required}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => type(e.target.value)}
            onFocus={() => setOpen(true)}
            onBlur={() => {
              setOpen(false);
              // Leaving a half-typed name keeps the chosen unit; an emptied box means none.
              if (text !== null && searchKey(text) === '') onChange('');
              setText(null);
            }}
            onKeyDown={onKeyDown}
          />
          <ul
            id={listId}
            role="listbox"
            aria-label={t('unitOptions', { label: props.label })}
            className="combo-list"
            hidden={!expanded}
          >
            {matches.map((u, i) => (
              <li
                key={u.code}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                // mousedown, not click: the input keeps focus until the choice is made.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(u);
                }}
              >
                <span>{u.name}</span>
                <small>{unitDetail(u, lang)}</small>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Field>
  );
}
