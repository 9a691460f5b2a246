import type { TFormOfficer } from '../../domain/contract/officers.js';
import type { Lang } from '../shared/i18n.js';

/**
 * The officer who served (#12.5): their name, or a plain select of the unit's officers on duty.
 * Every word comes from the server's payload, so the form's bundle carries no text for it.
 */
export function Officer(p: { officer: TFormOfficer; lang: Lang; value: string; onChange: (id: string) => void }) {
  const { officer, lang } = p;
  const label = officer.label[lang];
  if (officer.name) {
    return (
      <p className="hl-intro">
        {label}: <strong>{officer.name}</strong>
      </p>
    );
  }
  return (
    <label className="hl-intro hl-officer">
      {label}
      <select value={p.value} onChange={(e) => p.onChange(e.target.value)}>
        <option value="">{officer.none?.[lang]}</option>
        {officer.choices?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
