import type { TCchcRow, TCchcTable } from '../../../../domain/contract/cchc.js';
import { matchesSearch } from '../../../../domain/search-text.js';
import { currentLang } from '../../../shared/i18n.js';
import { ct } from './cchc-i18n.js';
import { figureText, intervalText, num } from './format.js';
import { StatusBadge } from './Panels.js';

/**
 * The CCHC rows as a condensed list grouped by survey: one two-line card per scored unit (name and
 * points on the first line, rate, status and respondents on the second), and the units without a
 * survey folded into one closed group, so the page stays short on a phone (it was 21,000 px).
 */

function UnitCard({ r, minRespondents }: { r: TCchcRow; minRespondents: number }) {
  return (
    <li className={`cchc-card state-${r.state}`}>
      <div className="cchc-line">
        <span className="cchc-name">{r.unit.name}</span>
        <strong className="cchc-points nowrap">
          {num(r.points, 2)}/{num(r.maxPoints, 0)}
        </strong>
      </div>
      <div className="cchc-line cchc-meta">
        <span className={`nowrap strong status-${r.figure.status}`}>{figureText(r.figure)}</span>
        <StatusBadge status={r.figure.status} />
        <span className="nowrap muted">{ct('respondents', { n: r.respondents })}</span>
        {r.state === 'small_sample' && (
          <span className="badge cchc-small">{ct('smallSample', { min: minRespondents })}</span>
        )}
      </div>
      <div className="cchc-interval muted nowrap">{intervalText(r.figure)}</div>
    </li>
  );
}

export function CchcRows({ table, search }: { table: TCchcTable; search: string }) {
  const en = currentLang() === 'en';
  const rows = table.rows.filter((r) => matchesSearch(search, r.unit.name, r.unit.code));
  if (table.rows.length === 0) return <p className="empty">{ct('noUnits')}</p>;
  if (rows.length === 0) return <p className="empty">{ct('noMatch', { q: search })}</p>;
  const groups = new Map<string, TCchcRow[]>();
  for (const r of rows) groups.set(r.survey, [...(groups.get(r.survey) ?? []), r]);
  return (
    <>
      {[...groups.values()].map((list) => {
        const first = list[0]!;
        const answered = list.filter((r) => r.state !== 'no_survey');
        const none = list.filter((r) => r.state === 'no_survey');
        return (
          <section
            key={first.survey}
            className="cchc-group"
            aria-label={en ? first.surveyTitle.en : first.surveyTitle.vi}
          >
            <h2>{en ? first.surveyTitle.en : first.surveyTitle.vi}</h2>
            {answered.length > 0 && (
              <ul className="cchc-list">
                {answered.map((r) => (
                  <UnitCard key={r.unit.code} r={r} minRespondents={table.minRespondents} />
                ))}
              </ul>
            )}
            {none.length > 0 && (
              <details className="cchc-none" open={search.trim() !== '' && answered.length === 0}>
                <summary>{ct('noSurveyGroup', { count: none.length })}</summary>
                <ul>
                  {none.map((r) => (
                    <li key={r.unit.code}>{r.unit.name}</li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        );
      })}
    </>
  );
}
