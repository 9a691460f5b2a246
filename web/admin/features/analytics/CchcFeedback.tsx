import type { TCchcTable } from '../../../../domain/contract/cchc.js';
import { matchesSearch } from '../../../../domain/search-text.js';
import { makeT } from '../../../shared/i18n.js';
import { num, pct } from './format.js';

/** The feedback-handling component of the CCHC points (phản ánh, kiến nghị answered on time), per unit. */
const ft = makeT({
  vi: {
    title: 'Tiếp nhận, xử lý phản ánh, kiến nghị',
    rule: 'Đủ {max} điểm khi tỷ lệ trả lời đúng hạn đạt từ {threshold}, tỷ lệ thuận khi thấp hơn; đơn vị không có phản ánh đến hạn được đủ điểm.',
    onTime: 'Đúng hạn {onTime}/{due}',
    nothingDue: 'Không có phản ánh đến hạn',
    received: 'Tiếp nhận {n}',
    overdue: 'Đang quá hạn {n}',
    quiet: '{count} đơn vị không có phản ánh đến hạn: đủ điểm',
  },
  en: {
    title: 'Feedback handling',
    rule: 'Full {max} points when the share answered on time reaches {threshold}, proportionally fewer below; a unit with nothing due gets full points.',
    onTime: 'On time {onTime}/{due}',
    nothingDue: 'Nothing due',
    received: 'Received {n}',
    overdue: 'Overdue now {n}',
    quiet: '{count} units with nothing due: full points',
  },
});

export function CchcFeedback({ table, search }: { table: TCchcTable; search: string }) {
  if (!table.feedback.enabled || table.feedbackRows.length === 0) return null;
  const rows = table.feedbackRows.filter((r) => matchesSearch(search, r.unit.name, r.unit.code));
  // Units without any item get full points: one folded line, so the page stays short on a phone.
  const active = rows.filter((r) => r.received > 0 || r.overdueNow > 0);
  const quiet = rows.filter((r) => r.received === 0 && r.overdueNow === 0);
  return (
    <section className="cchc-group" aria-label={ft('title')}>
      <h2>{ft('title')}</h2>
      <p className="muted">
        {ft('rule', { max: num(table.feedback.maxPoints, 0), threshold: pct(table.feedback.onTimeThreshold, 0) })}
      </p>
      {active.length > 0 && (
        <ul className="cchc-list">
          {active.map((r) => (
            <li key={r.unit.code} className="cchc-card">
              <div className="cchc-line">
                <span className="cchc-name">{r.unit.name}</span>
                <strong className="cchc-points nowrap">
                  {num(r.points, 2)}/{num(r.maxPoints, 0)}
                </strong>
              </div>
              <div className="cchc-line cchc-meta">
                <span className="nowrap strong">
                  {r.onTimeShare === null
                    ? ft('nothingDue')
                    : `${pct(r.onTimeShare, 0)} · ${ft('onTime', { onTime: r.answeredOnTime, due: r.due })}`}
                </span>
                <span className="nowrap muted">{ft('received', { n: r.received })}</span>
                {r.overdueNow > 0 && <span className="badge status-below">{ft('overdue', { n: r.overdueNow })}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
      {quiet.length > 0 && (
        <details className="cchc-fb-quiet">
          <summary>{ft('quiet', { count: quiet.length })}</summary>
          <ul>
            {quiet.map((r) => (
              <li key={r.unit.code}>{r.unit.name}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
