import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ListView } from '../../components/ListView.js';
import { pageOf } from '../../components/Pager.js';
import { errorText, send } from '../../lib/api.js';
import { REVIEW_STATUSES, ZDecisions } from '../../../../domain/contract/review.js';
import { useLocation } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { formatDateTime } from '../../lib/format.js';
import { currentLang, makeT, type Catalog } from '../../../shared/i18n.js';
import { PAGE_SIZE, reviewQuery } from './queries.js';
import '../../components/admin-ui.css';
import './review.css';

const catalog = {
  vi: {
    title: 'Duyệt phiếu bị gắn cờ',
    intro:
      'Phiếu bị gắn cờ được giữ lại nhưng không tính vào tỷ lệ cho đến khi được chấp nhận. Chấp nhận phiếu hợp lệ; loại phiếu rác hoặc trùng lặp.',
    pending: 'Chờ duyệt ({n})',
    accepted: 'Đã chấp nhận ({n})',
    rejected: 'Đã loại ({n})',
    accept: 'Chấp nhận',
    reject: 'Loại',
    reopen: 'Đưa về chờ duyệt',
    acceptSelected: 'Chấp nhận {n} phiếu đã chọn',
    rejectSelected: 'Loại {n} phiếu đã chọn',
    select: 'Chọn phiếu này',
    selectAll: 'Chọn tất cả trên trang',
    empty: 'Không có phiếu nào ở đây.',
    loading: 'Đang tải…',
    seconds: 'từ lúc mở phiếu đến lúc gửi: {n} giây',
    tooFastWhy: 'Trả lời quá nhanh: điền xong trong chưa đến {min} giây, mức tối thiểu của phiếu này.',
    tooFastLate:
      'Thời gian điền đo trên máy người trả lời; phiếu đến máy chủ sau {n} giây, có thể vì được gửi lại khi có mạng.',
    reviewed: 'Đã duyệt lúc {at} bởi {by}',
    comment: 'Góp ý',
    answers: 'Câu trả lời',
    readOnly: 'Chỉ quản trị viên được chấp nhận hoặc loại phiếu.',
    done: 'Đã cập nhật {n} phiếu.',
    flag_too_fast: 'Trả lời quá nhanh',
    flag_honeypot: 'Ô chống spam bị điền',
    flag_burst: 'Gửi dồn dập từ một thiết bị',
    flag_duplicate_device: 'Trùng thiết bị',
    flag_kiosk_interval: 'Hai phiếu quá sát nhau trên một máy khảo sát',
    flag_duplicate_answers: 'Trùng câu trả lời',
    version: 'phiên bản {n}',
  },
  en: {
    title: 'Review flagged responses',
    intro:
      'Flagged responses are kept but left out of the rates until accepted. Accept genuine ones; reject spam or duplicates.',
    pending: 'Pending ({n})',
    accepted: 'Accepted ({n})',
    rejected: 'Rejected ({n})',
    accept: 'Accept',
    reject: 'Reject',
    reopen: 'Back to pending',
    acceptSelected: 'Accept {n} selected',
    rejectSelected: 'Reject {n} selected',
    select: 'Select this response',
    selectAll: 'Select all on this page',
    empty: 'Nothing here.',
    loading: 'Loading…',
    seconds: 'opened to sent: {n} s',
    tooFastWhy: 'Answered too fast: filled in under {min} s, this survey’s minimum.',
    tooFastLate:
      'The filling time is measured on the respondent’s device; the answer reached the server after {n} s, perhaps sent again once online.',
    reviewed: 'Reviewed at {at} by {by}',
    comment: 'Comment',
    answers: 'Answers',
    readOnly: 'Only administrators may accept or reject responses.',
    done: '{n} responses updated.',
    flag_too_fast: 'Answered too fast',
    flag_honeypot: 'Spam trap filled',
    flag_burst: 'Burst from one device',
    flag_duplicate_device: 'Same device',
    flag_kiosk_interval: 'Two answers too close together on one kiosk',
    flag_duplicate_answers: 'Duplicate answers',
    version: 'version {n}',
  },
} satisfies Catalog<string>;
type Key = keyof typeof catalog.vi;
const t = makeT<Key>(catalog);

function flagLabel(flag: string): string {
  const key = `flag_${flag}`;
  return isKey(key) ? t(key) : flag;
}

const isKey = (key: string): key is Key => key in catalog.vi;

/** The review queue: flagged responses with what made them suspicious, accepted or rejected by an admin. */
export default function ReviewPage() {
  const { me } = useSession();
  const isAdmin = hasAnyRole(me, ['admin']);
  const { search } = useLocation();
  const statusParam = useUrlParam('status', { reset: ['page'] });
  const status = REVIEW_STATUSES.find((s) => s === statusParam.value) ?? 'pending';
  const page = pageOf(search);
  // The answer for this status and page only: a slow answer for another one is aborted, never shown.
  const list = useQuery({ ...reviewQuery(status, page), placeholderData: keepPreviousData });
  const data = list.data;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  // Only what is on screen stays selected: a decision or another page drops the rest.
  const selected = new Set(data?.items.filter((i) => chosen.has(i.id)).map((i) => i.id));
  const lang = currentLang();

  const queryClient = useQueryClient();
  const decision = useMutation({
    mutationFn: (body: { ids: string[]; decision: 'accept' | 'reject' | 'reopen' }) =>
      send('POST', '/api/v1/review/decisions', body, ZDecisions),
    // The counts of every tab change, and the rates that leave flagged answers out.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['review'] }),
        queryClient.invalidateQueries({ queryKey: ['analytics'] }),
      ]),
  });
  const busy = decision.isPending;
  const decide = (ids: string[], d: 'accept' | 'reject' | 'reopen') => decision.mutate({ ids, decision: d });
  const message = decision.error
    ? { text: errorText(decision.error), error: true }
    : decision.data
      ? { text: t('done', { n: decision.data.updated }), error: false }
      : null;

  return (
    <section className="review">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {!isAdmin && <p className="warn">{t('readOnly')}</p>}
      <div role="tablist" className="tabs" aria-label={t('title')}>
        {REVIEW_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === status}
            className={s === status ? '' : 'secondary'}
            onClick={() => statusParam.set(s === 'pending' ? '' : s)}
          >
            {t(s, { n: data?.counts[s] ?? '…' })}
          </button>
        ))}
      </div>
      <p role="status" className={message?.error ? 'error' : 'muted'}>
        {message?.text ?? ''}
      </p>
      <ListView
        query={list}
        rows={(d) => d.items}
        loading={t('loading')}
        empty={t('empty')}
        render={(items) => (
          <>
            {isAdmin && (
              <div className="actions bulk">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={selected.size === items.length}
                    onChange={(e) => setChosen(new Set(e.target.checked ? items.map((i) => i.id) : []))}
                  />
                  {t('selectAll')}
                </label>
                {status !== 'accepted' && (
                  <button
                    type="button"
                    disabled={busy || selected.size === 0}
                    onClick={() => decide([...selected], 'accept')}
                  >
                    {t('acceptSelected', { n: selected.size })}
                  </button>
                )}
                {status !== 'rejected' && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy || selected.size === 0}
                    onClick={() => decide([...selected], 'reject')}
                  >
                    {t('rejectSelected', { n: selected.size })}
                  </button>
                )}
              </div>
            )}
            <ul className="review-list">
              {items.map((item) => (
                <li key={item.id} className="panel">
                  <div className="review-head">
                    {isAdmin && (
                      <input
                        type="checkbox"
                        aria-label={t('select')}
                        checked={selected.has(item.id)}
                        onChange={(e) => {
                          const next = new Set(selected);
                          if (e.target.checked) next.add(item.id);
                          else next.delete(item.id);
                          setChosen(next);
                        }}
                      />
                    )}
                    <div>
                      <strong>{item.unit.name}</strong>
                      <p className="muted small">
                        {item.survey.title} · {t('version', { n: item.version })} ·{' '}
                        {formatDateTime(item.submittedAt, lang)}
                        {item.secondsTaken !== null && ` · ${t('seconds', { n: item.secondsTaken })}`}
                      </p>
                      <p>
                        {item.flags.map((f) => (
                          <span key={f} className="badge status-uncertain">
                            {flagLabel(f)}
                          </span>
                        ))}
                      </p>
                      {item.flags.includes('too_fast') && (
                        // Say which threshold raised the flag, so the time above does not read as a contradiction.
                        <p className="small flag-why">
                          {t('tooFastWhy', { min: item.minSeconds })}
                          {item.secondsTaken !== null &&
                            item.secondsTaken >= item.minSeconds &&
                            ` ${t('tooFastLate', { n: item.secondsTaken })}`}
                        </p>
                      )}
                    </div>
                  </div>
                  <details open>
                    <summary>{t('answers')}</summary>
                    <ol className="answers">
                      {item.answers.map((a) => (
                        <li key={a.key}>
                          <span className="question">{a.questionText[lang]}</span>
                          <strong className="answer">{a.answer[lang]}</strong>
                        </li>
                      ))}
                    </ol>
                  </details>
                  {item.comment && (
                    <p>
                      <span className="muted">{t('comment')}:</span> {item.comment}
                    </p>
                  )}
                  {item.reviewedAt && (
                    <p className="muted small">
                      {t('reviewed', {
                        at: formatDateTime(item.reviewedAt, lang),
                        by: item.reviewedBy ?? '—',
                      })}
                    </p>
                  )}
                  {isAdmin && (
                    <div className="actions">
                      {status !== 'accepted' && (
                        <button type="button" disabled={busy} onClick={() => decide([item.id], 'accept')}>
                          {t('accept')}
                        </button>
                      )}
                      {status !== 'rejected' && (
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy}
                          onClick={() => decide([item.id], 'reject')}
                        >
                          {t('reject')}
                        </button>
                      )}
                      {status !== 'pending' && (
                        <button
                          type="button"
                          className="link"
                          disabled={busy}
                          onClick={() => decide([item.id], 'reopen')}
                        >
                          {t('reopen')}
                        </button>
                      )}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
        pager={(d) => ({ page, pages: Math.max(1, Math.ceil(d.total / PAGE_SIZE)) })}
      />
    </section>
  );
}
