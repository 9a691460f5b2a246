import { useCallback, useEffect, useState } from 'react';
import { currentLang, makeT, type Catalog } from '../../../shared/i18n.js';
import { api, ApiError, query } from '../../api.js';
import { setSearchParams, useLocation } from '../../router.js';
import { useSession } from '../../session.js';
import '../analytics/analytics.css';
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
    seconds: 'trả lời trong {n} giây',
    reviewed: 'Đã duyệt lúc {at} bởi {by}',
    comment: 'Góp ý',
    answers: 'Câu trả lời',
    readOnly: 'Chỉ quản trị viên được chấp nhận hoặc loại phiếu.',
    prev: 'Trang trước',
    next: 'Trang sau',
    page: 'Trang {page}/{pages}',
    done: 'Đã cập nhật {n} phiếu.',
    flag_too_fast: 'Trả lời quá nhanh',
    flag_honeypot: 'Ô chống spam bị điền',
    flag_burst: 'Gửi dồn dập từ một thiết bị',
    flag_duplicate_device: 'Trùng thiết bị',
    flag_duplicate_answers: 'Trùng câu trả lời',
    na: 'Không áp dụng',
    yes: 'Có',
    no: 'Không',
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
    seconds: 'answered in {n} s',
    reviewed: 'Reviewed at {at} by {by}',
    comment: 'Comment',
    answers: 'Answers',
    readOnly: 'Only administrators may accept or reject responses.',
    prev: 'Previous page',
    next: 'Next page',
    page: 'Page {page} of {pages}',
    done: '{n} responses updated.',
    flag_too_fast: 'Answered too fast',
    flag_honeypot: 'Spam trap filled',
    flag_burst: 'Burst from one device',
    flag_duplicate_device: 'Same device',
    flag_duplicate_answers: 'Duplicate answers',
    na: 'Not applicable',
    yes: 'Yes',
    no: 'No',
  },
} satisfies Catalog<string>;
type Key = keyof typeof catalog.vi;
const t = makeT(catalog as Catalog<Key>);

type Status = 'pending' | 'accepted' | 'rejected';
interface Item {
  id: string;
  submittedAt: string;
  secondsTaken: number | null;
  survey: { slug: string; title: string };
  unit: { code: string; name: string };
  flags: string[];
  reviewStatus: Status;
  reviewedAt: string | null;
  reviewedBy: string | null;
  comment: string | null;
  answers: Array<{ key: string; question: string; value: string | number | boolean }>;
}
interface Page {
  total: number;
  counts: Record<Status, number>;
  items: Item[];
}
const PAGE_SIZE = 20;

function flagLabel(flag: string): string {
  const key = `flag_${flag}` as Key;
  return key in catalog.vi ? t(key) : flag;
}

function answerText(v: string | number | boolean): string {
  if (v === 'na') return t('na');
  if (v === true) return t('yes');
  if (v === false) return t('no');
  return String(v);
}

/** The review queue: flagged responses with what made them suspicious, accepted or rejected by an admin. */
export default function ReviewPage() {
  const { me } = useSession();
  const isAdmin = me.roles.some((r) => r.role === 'admin');
  const { search } = useLocation();
  const status = (['pending', 'accepted', 'rejected'] as const).find((s) => s === search.get('status')) ?? 'pending';
  const page = Math.max(1, Number(search.get('page')) || 1);
  const [data, setData] = useState<Page | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const locale = currentLang() === 'en' ? 'en-GB' : 'vi-VN';

  const load = useCallback(() => {
    api<Page>(`/api/v1/review/responses${query({ status, page, pageSize: PAGE_SIZE })}`)
      .then((d) => {
        setData(d);
        setSelected(new Set());
      })
      .catch((e: Error) => setMessage({ text: e.message, error: true }));
  }, [status, page]);
  useEffect(load, [load]);

  async function decide(ids: string[], decision: 'accept' | 'reject' | 'reopen') {
    setBusy(true);
    try {
      const r = await api<{ updated: number }>('/api/v1/review/decisions', { method: 'POST', body: { ids, decision } });
      setMessage({ text: t('done', { n: r.updated }), error: false });
      load();
    } catch (e) {
      setMessage({ text: e instanceof ApiError ? e.message : String(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <section className="review">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      {!isAdmin && <p className="warn">{t('readOnly')}</p>}
      <div role="tablist" className="tabs" aria-label={t('title')}>
        {(['pending', 'accepted', 'rejected'] as const).map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === status}
            className={s === status ? '' : 'secondary'}
            onClick={() => setSearchParams({ status: s === 'pending' ? undefined : s, page: undefined })}
          >
            {t(s, { n: data?.counts[s] ?? '…' })}
          </button>
        ))}
      </div>
      <p role="status" className={message?.error ? 'error' : 'muted'}>
        {message?.text ?? ''}
      </p>
      {!data ? (
        <p className="loading" aria-busy="true">
          {t('loading')}
        </p>
      ) : data.items.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <>
          {isAdmin && (
            <div className="actions bulk">
              <label className="check">
                <input
                  type="checkbox"
                  checked={selected.size === data.items.length}
                  onChange={(e) => setSelected(new Set(e.target.checked ? data.items.map((i) => i.id) : []))}
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
            {data.items.map((item) => (
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
                        setSelected(next);
                      }}
                    />
                  )}
                  <div>
                    <strong>{item.unit.name}</strong>
                    <p className="muted small">
                      {item.survey.title} · {new Date(item.submittedAt).toLocaleString(locale)}
                      {item.secondsTaken !== null && ` · ${t('seconds', { n: item.secondsTaken })}`}
                    </p>
                    <p>
                      {item.flags.map((f) => (
                        <span key={f} className="badge status-uncertain">
                          {flagLabel(f)}
                        </span>
                      ))}
                    </p>
                  </div>
                </div>
                <details>
                  <summary>{t('answers')}</summary>
                  <dl className="answers">
                    {item.answers.map((a) => (
                      <div key={a.key}>
                        <dt>{a.question}</dt>
                        <dd>{answerText(a.value)}</dd>
                      </div>
                    ))}
                  </dl>
                </details>
                {item.comment && (
                  <p>
                    <span className="muted">{t('comment')}:</span> {item.comment}
                  </p>
                )}
                {item.reviewedAt && (
                  <p className="muted small">
                    {t('reviewed', {
                      at: new Date(item.reviewedAt).toLocaleString(locale),
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
          {pages > 1 && (
            <nav className="actions" aria-label={t('page', { page, pages })}>
              <button
                type="button"
                className="secondary"
                disabled={page <= 1}
                onClick={() => setSearchParams({ page: String(page - 1) })}
              >
                {t('prev')}
              </button>
              <span>{t('page', { page, pages })}</span>
              <button
                type="button"
                className="secondary"
                disabled={page >= pages}
                onClick={() => setSearchParams({ page: String(page + 1) })}
              >
                {t('next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
