import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { currentLang } from '../../../shared/i18n.js';
import { errorText, query, send } from '../../lib/api.js';
import { setSearchParams } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { figureText, intervalText, statusText } from './format.js';
import { t } from './i18n.js';
import { commentsQuery, frozenQuery } from './queries.js';
import type { TBreakdownRow, TOptions, TSummary } from '../../../../domain/contract/analytics.js';
import { ZFreezeResult } from '../../../../domain/contract/reports.js';

const tx = (x: { vi: string; en: string }) => (currentLang() === 'en' ? x.en : x.vi);

export function StatusBadge({ status }: { status: TBreakdownRow['figure']['status'] }) {
  return <span className={`badge status-${status}`}>{statusText(status)}</span>;
}

/** Units ranked against the target; a unit name opens the same view filtered to it. */
export function RankingTable({
  rows,
  options,
  minN,
  judged = true,
}: {
  rows: TBreakdownRow[];
  options: TOptions;
  minN: number;
  /** False for a mean score or index: the column is a score, not a rate. */
  judged?: boolean;
}) {
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
              {judged ? t('colRate') : t('colScore')}
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
                {t('nPeople', { n: r.figure.n, respondents: r.figure.respondents })}
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
export function ReportsPanel({ summary, survey }: { summary: TSummary; survey: string }) {
  const { me } = useSession();
  const isAdmin = hasAnyRole(me, ['admin']);
  const unit = summary.filters.unit?.code;
  const q = query({ survey, unit });
  const period = summary.period.code;
  const base = `/api/v1/reports/${encodeURIComponent(period)}`;
  const frozenKey = frozenQuery(period, { survey, unit });
  // A report that cannot be read (no answers, no access) is simply not frozen.
  const frozen = useQuery(frozenKey).data?.frozen ?? null;
  const queryClient = useQueryClient();
  const freeze = useMutation({
    mutationFn: () => send('POST', `${base}/freeze`, { survey }, ZFreezeResult),
    onSuccess: (r) =>
      queryClient.setQueryData(frozenKey.queryKey, (old) => ({ ...old, frozen: { at: r.frozenAt, by: r.frozenBy } })),
  });
  const message = freeze.error ? errorText(freeze.error) : null;
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
        <a className="button" href={`${base}.docx${q}`} download>
          {t('docx')}
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
            onClick={() => {
              if (window.confirm(t('freezeConfirm', { period: tx(summary.period.label) }))) freeze.mutate();
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
  const comments = useInfiniteQuery(
    commentsQuery({ ...apiQuery, q: search || undefined, includeFlagged: includeFlagged ? 'true' : undefined }),
  );
  // A failed load shows as no comments, as it always has: the rates above are what matters here.
  const items = comments.error ? [] : (comments.data?.pages.flatMap((p) => p.items) ?? null);
  const total = comments.data?.pages[0]?.total ?? 0;
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
      {items && comments.hasNextPage && (
        <button
          type="button"
          className="secondary"
          disabled={comments.isFetchingNextPage}
          onClick={() => void comments.fetchNextPage()}
        >
          {t('more')}
        </button>
      )}
    </section>
  );
}
