import { useEffect, useState } from 'react';
import { currentLang } from '../../../shared/i18n.js';
import { api, ApiError, query } from '../../api.js';
import { setSearchParams } from '../../router.js';
import { useSession } from '../../session.js';
import { figureText, intervalText } from './format.js';
import { t } from './i18n.js';
import type { BreakdownRow, CommentItem, Options, Summary } from './types.js';

const tx = (x: { vi: string; en: string }) => (currentLang() === 'en' ? x.en : x.vi);

export function StatusBadge({ status }: { status: BreakdownRow['figure']['status'] }) {
  return <span className={`badge status-${status}`}>{t(status)}</span>;
}

/** Units ranked against the target; a unit name opens the same view filtered to it. */
export function RankingTable({ rows, options, minN }: { rows: BreakdownRow[]; options: Options; minN: number }) {
  const levels = new Map(options.levels.map((l) => [l.key, tx(l.label)]));
  if (rows.length === 0) return <p className="empty">{t('noUnits')}</p>;
  return (
    <div className="table-scroll" tabIndex={0} aria-label={t('ranking')}>
      <table className="ranking">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('colUnit')}</th>
            <th scope="col">{t('colLevel')}</th>
            <th scope="col" className="num">
              {t('colResponses')}
            </th>
            <th scope="col" className="num">
              {t('colN')}
            </th>
            <th scope="col" className="num">
              {t('colRate')}
            </th>
            <th scope="col">{t('colInterval')}</th>
            <th scope="col">{t('colStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.key ?? i} className={`row-${r.figure.status}`}>
              <td className="c-idx">{i + 1}</td>
              <th scope="row" className="c-name">
                {r.unit ? (
                  <a
                    href={`?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(location.search)), unit: r.unit.code })}`}
                    onClick={(e) => {
                      e.preventDefault();
                      setSearchParams({ unit: r.unit!.code });
                      window.scrollTo({ top: 0 });
                    }}
                  >
                    {tx(r.label)}
                  </a>
                ) : (
                  tx(r.label)
                )}
              </th>
              <td className="c-level">{r.unit?.level ? levels.get(r.unit.level) : '—'}</td>
              <td className="num c-resp">{r.responses}</td>
              <td className="num c-n" data-label={`${t('colN')} = `}>
                {r.figure.n}
                {r.figure.smallSample && (
                  <abbr title={t('smallSample', { minN })} className="small-sample">
                    *
                  </abbr>
                )}
              </td>
              <td className={`num nowrap strong c-rate status-${r.figure.status}`}>{figureText(r.figure)}</td>
              <td className="nowrap c-ci" data-label={`${t('colInterval')}: `}>
                {intervalText(r.figure)}
              </td>
              <td className="c-status">
                <StatusBadge status={r.figure.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Downloads of the period report (PDF, XLSX, CSV), the raw data, and freezing for admins. */
export function ReportsPanel({ summary, survey }: { summary: Summary; survey: string }) {
  const { me } = useSession();
  const isAdmin = me.roles.some((r) => r.role === 'admin');
  const [frozen, setFrozen] = useState<{ at: string; by: string | null } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const unit = summary.filters.unit?.code;
  const q = query({ survey, unit });
  const period = summary.period.code;
  useEffect(() => {
    let live = true;
    api<{ frozen: { at: string; by: string | null } | null }>(`/api/v1/reports/${encodeURIComponent(period)}/data${q}`)
      .then((r) => live && setFrozen(r.frozen))
      .catch(() => live && setFrozen(null));
    return () => {
      live = false;
    };
  }, [period, q]);
  const base = `/api/v1/reports/${encodeURIComponent(period)}`;
  return (
    <section className="panel" aria-labelledby="reports-title">
      <h2 id="reports-title">{t('reports', { period: tx(summary.period.label) })}</h2>
      <p className="muted">{t('reportsNote')}</p>
      {frozen && (
        <p className="frozen" role="status">
          {t('frozen', {
            at: new Date(frozen.at).toLocaleString(currentLang() === 'en' ? 'en-GB' : 'vi-VN'),
            by: frozen.by ?? '—',
          })}
        </p>
      )}
      <div className="actions">
        <a className="button" href={`${base}.pdf${q}`} download>
          {t('pdf')}
        </a>
        <a className="button" href={`${base}.xlsx${q}`} download>
          {t('xlsx')}
        </a>
        <a className="button secondary" href={`${base}.csv${q}`} download>
          {t('csv')}
        </a>
        <a
          className="button secondary"
          href={`/api/v1/exports/responses.csv${query({ survey, unit, period })}`}
          download
        >
          {t('rawCsv')}
        </a>
        {isAdmin && !frozen && !unit && new Date(`${summary.period.to}T23:59:59+07:00`) < new Date() && (
          <button
            type="button"
            className="secondary"
            onClick={async () => {
              if (!window.confirm(t('freezeConfirm', { period: tx(summary.period.label) }))) return;
              try {
                const r = await api<{ frozenAt: string; frozenBy: string }>(`${base}/freeze`, {
                  method: 'POST',
                  body: { survey },
                });
                setFrozen({ at: r.frozenAt, by: r.frozenBy });
                setMessage(null);
              } catch (err) {
                setMessage(err instanceof ApiError ? err.message : String(err));
              }
            }}
          >
            {t('freeze')}
          </button>
        )}
      </div>
      {message && (
        <p role="alert" className="error">
          {message}
        </p>
      )}
    </section>
  );
}

/** Comments, newest first, searchable; flagged ones only when asked for. */
export function CommentsPanel({ apiQuery }: { apiQuery: Record<string, string | undefined> }) {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [includeFlagged, setIncludeFlagged] = useState(false);
  const [items, setItems] = useState<CommentItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const key = JSON.stringify(apiQuery);
  useEffect(() => {
    setPage(1);
  }, [key, search, includeFlagged]);
  useEffect(() => {
    let live = true;
    const params = {
      ...JSON.parse(key),
      q: search || undefined,
      includeFlagged: includeFlagged ? 'true' : undefined,
      page,
      pageSize: 10,
    };
    api<{ total: number; items: CommentItem[] }>(`/api/v1/analytics/comments${query(params)}`)
      .then((r) => {
        if (!live) return;
        setTotal(r.total);
        setItems((prev) => (page === 1 || !prev ? r.items : [...prev, ...r.items]));
      })
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [key, search, includeFlagged, page]);
  return (
    <section className="panel" aria-labelledby="comments-title">
      <h2 id="comments-title">
        {t('comments')} <span className="muted">({t('commentsCount', { n: total })})</span>
      </h2>
      <form
        className="comment-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
      >
        <label htmlFor="comment-q" className="visually-hidden">
          {t('search')}
        </label>
        <input
          id="comment-q"
          type="search"
          value={q}
          placeholder={t('search')}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit">{t('search')}</button>
        <label className="check">
          <input type="checkbox" checked={includeFlagged} onChange={(e) => setIncludeFlagged(e.target.checked)} />
          {t('includeFlagged')}
        </label>
      </form>
      {items === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('noComments')}</p>
      ) : (
        <ul className="comments">
          {items.map((c) => (
            <li key={c.id}>
              <p className="meta">
                {c.unit.name} · {new Date(c.submittedAt).toLocaleDateString(currentLang() === 'en' ? 'en-GB' : 'vi-VN')}
                {c.reviewStatus !== 'accepted' && <span className="badge status-uncertain">{t('flagged')}</span>}
              </p>
              {c.comment && <p>{c.comment}</p>}
              {c.texts.map((x) => (
                <p key={x.key}>
                  <span className="muted">{tx(x.question)}:</span> {x.text}
                </p>
              ))}
            </li>
          ))}
        </ul>
      )}
      {items && items.length < total && (
        <button type="button" className="secondary" onClick={() => setPage((p) => p + 1)}>
          {t('more')}
        </button>
      )}
    </section>
  );
}
