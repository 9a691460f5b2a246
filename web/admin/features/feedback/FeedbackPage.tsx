import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FEEDBACK_STATUS_TEXT } from '../../../../domain/contract/feedback-codes.js';
import type { TFeedbackListItem } from '../../../../domain/contract/feedback.js';
import { FilterBar, ListView } from '../../components/ListView.js';
import { pageOf } from '../../components/Pager.js';
import { percent, decimal } from '../../../../domain/format.js';
import { formatDateTime } from '../../lib/format.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { categoryText, t, lang } from './i18n.js';
import { ItemDetail, formatDay } from './ItemDetail.js';
import { feedbackListQuery, feedbackMetricsQuery, PAGE_SIZE } from './queries.js';
import { SettingsPanel } from './SettingsPanel.js';
import { StaffEntry } from './StaffEntry.js';
import '../../components/admin-ui.css';
import './feedback.css';

function Metrics() {
  const year = new Date().getFullYear();
  const { data } = useQuery(feedbackMetricsQuery(`Y-${year}`));
  if (!data) return null;
  const l = lang();
  const m = data.total;
  return (
    <section className="panel fb-metrics" aria-label={t('metrics', { year })}>
      <h2>{t('metrics', { year })}</h2>
      <dl>
        <div>
          <dt>{t('mReceived')}</dt>
          <dd>{m.received}</dd>
        </div>
        <div>
          <dt>{t('mAnswered')}</dt>
          <dd>{m.answered}</dd>
        </div>
        <div>
          <dt>{t('mOnTime')}</dt>
          <dd data-testid="on-time">{m.onTimeShare === null ? '—' : percent(m.onTimeShare, 0, l)}</dd>
        </div>
        <div>
          <dt>{t('mMedian')}</dt>
          <dd>{m.medianDays === null ? '—' : decimal(m.medianDays, 1, l)}</dd>
        </div>
        <div>
          <dt>{t('mOverdue')}</dt>
          <dd>{m.overdueNow}</dd>
        </div>
      </dl>
    </section>
  );
}

function Row({ item }: { item: TFeedbackListItem }) {
  const l = lang();
  return (
    <li className={`panel fb-row${item.overdue ? ' overdue' : ''}`}>
      <button type="button" className="fb-open" onClick={() => setSearchParams({ code: item.code })}>
        <span className="mono">{item.code}</span> · {item.unit.name}
      </button>
      <p className="small muted">
        {categoryText(item.category)} · {formatDateTime(item.createdAt, l)} ·{' '}
        {t('due', { day: formatDay(item.deadline) })}
      </p>
      <p>{item.excerpt}</p>
      <p>
        <span className="badge">{FEEDBACK_STATUS_TEXT[item.status][l]}</span>{' '}
        {item.overdue && <span className="badge status-below">{t('overdueBadge')}</span>}{' '}
        {item.escalatedTo && (
          <span className="badge status-uncertain">{t('escalated', { unit: item.escalatedTo.name })}</span>
        )}{' '}
        {item.photos > 0 && <span className="badge">{t('photos', { n: item.photos })}</span>}{' '}
        {item.published && <span className="badge status-met">{t('published')}</span>}
      </p>
    </li>
  );
}

/** The feedback queue of the units in the user's scope, one item's handling, metrics, staff entry. */
export default function FeedbackPage() {
  const { me } = useSession();
  const canHandle = hasAnyRole(me, ['admin', 'unit_manager']);
  const { search } = useLocation();
  const code = search.get('code');
  const statusParam = useUrlParam('status', { reset: ['page'] });
  const overdueParam = useUrlParam('overdue', { reset: ['page'] });
  const qParam = useUrlParam('q', { debounceMs: 300, reset: ['page'] });
  const [entering, setEntering] = useState(false);
  const status = statusParam.value || 'open';
  const overdue = overdueParam.value === 'true';
  const page = pageOf(search);
  const list = useQuery({
    ...feedbackListQuery({ status: status === 'all' ? '' : status, overdue, q: qParam.value, page }),
    placeholderData: keepPreviousData,
  });
  const counters = list.data?.counters;

  if (code) return <ItemDetail code={code} />;
  return (
    <section className="feedback-admin">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <Metrics />
      {canHandle && !entering && (
        <button type="button" className="secondary" onClick={() => setEntering(true)}>
          {t('newItem')}
        </button>
      )}
      {entering && <StaffEntry onDone={() => setEntering(false)} />}
      <div role="tablist" className="tabs" aria-label={t('title')}>
        {(
          [
            ['open', false, t('open', { n: counters?.open ?? '…' })],
            ['new', false, t('new', { n: counters?.new ?? '…' })],
            ['open', true, t('overdue', { n: counters?.overdue ?? '…' })],
            ['all', false, t('all')],
          ] as const
        ).map(([s, o, label]) => {
          const on = s === status && o === overdue;
          return (
            <button
              key={`${s}-${o}`}
              type="button"
              role="tab"
              aria-selected={on}
              className={on ? '' : 'secondary'}
              onClick={() =>
                setSearchParams({
                  status: s === 'open' ? undefined : s,
                  overdue: o ? 'true' : undefined,
                  page: undefined,
                })
              }
            >
              {label}
            </button>
          );
        })}
      </div>
      <ListView
        filters={
          <FilterBar>
            <label className="field">
              <span>{t('search')}</span>
              <input type="search" value={qParam.draft} onChange={(e) => qParam.set(e.target.value)} />
            </label>
          </FilterBar>
        }
        query={list}
        rows={(d) => d.items}
        loading={t('loading')}
        empty={t('empty')}
        count={(_rows, d) => t('count', { n: d.total })}
        render={(items) => (
          <ul className="fb-list">
            {items.map((item) => (
              <Row key={item.code} item={item} />
            ))}
          </ul>
        )}
        pager={(d) => ({ page, pages: Math.max(1, Math.ceil(d.total / PAGE_SIZE)) })}
      />
      {hasAnyRole(me, ['admin']) && <SettingsPanel />}
      <p>
        <a href="/api/v1/feedback/export.csv" download>
          {t('export')}
        </a>
      </p>
    </section>
  );
}
