import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import type { TInterviewList } from '../../../../domain/contract/interviews.js';
import { errorText, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

const ZClosed = z.object({ closedAt: z.string(), contactsClearedFrom: z.string(), retentionDays: z.number() });

const TEXT = {
  vi: {
    close: 'Đóng danh sách',
    ask: 'Đóng khi đã gọi xong. Sau khi đóng, số điện thoại còn lại (người chưa liên lạc được, hẹn gọi lại, chưa gọi) sẽ bị xoá sau thời hạn lưu. Không mở lại được, vì số đã xoá không lấy lại được; cần gọi tiếp thì lập danh sách mới.',
    confirm: 'Đóng danh sách này',
    cancel: 'Thôi',
    closed: 'Danh sách đã đóng lúc {at}. Số điện thoại còn lại sẽ được xoá từ {from} ({days} ngày sau khi đóng).',
    closedAt: 'Danh sách đã đóng lúc {at}.',
    cleared: 'Số điện thoại còn lại đã được xoá lúc {at}.',
    pendingClear: 'Số điện thoại còn lại sẽ được xoá khi hết thời hạn lưu.',
  },
  en: {
    close: 'Close the list',
    ask: 'Close it once the calling is over. The numbers still on it (people not reached, call-backs, not yet called) are then cleared after the retention period. It cannot be reopened, since cleared numbers cannot come back; to call again, make a new list.',
    confirm: 'Close this list',
    cancel: 'Cancel',
    closed: 'The list was closed at {at}. The numbers left on it are cleared from {from} ({days} days after closing).',
    closedAt: 'The list was closed at {at}.',
    cleared: 'The numbers left on it were cleared at {at}.',
    pendingClear: 'The numbers left on it are cleared when the retention period ends.',
  },
} as const;

/** The "Đã đóng" mark of a closed list, in the lists and on the list's screen. */
export function ClosedBadge() {
  return (
    <span className="badge warn" data-testid="iv-closed-badge">
      {t('closed')}
    </span>
  );
}

/**
 * Closing a list (docs/interviews.md, retention): a two-step button, since closing starts the
 * clock on clearing the numbers still on the list. There is no reopen (numbers already cleared
 * cannot come back): a closed list says when it closed and whether its numbers are gone.
 */
export function CloseList({ list }: { list: Pick<TInterviewList, 'id' | 'closedAt' | 'contactsClearedAt'> }) {
  const lang = currentLang();
  const tt = TEXT[lang];
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const close = useMutation({
    mutationFn: () => send('POST', `/api/v1/interviews/lists/${list.id}/close`, {}, ZClosed),
    // The list reloads closed (its call buttons disabled, its badge shown); not awaited, so the
    // closing's own answer (when the numbers go) shows first.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['interviews'] }),
  });
  const at = (iso: string) => formatDateTime(iso, lang);
  const closedAt = close.data?.closedAt ?? list.closedAt;
  if (closedAt) {
    const text = close.data
      ? tt.closed
          .replace('{at}', at(close.data.closedAt))
          .replace('{from}', at(close.data.contactsClearedFrom))
          .replace('{days}', String(close.data.retentionDays))
      : `${tt.closedAt.replace('{at}', at(closedAt))} ${
          list.contactsClearedAt ? tt.cleared.replace('{at}', at(list.contactsClearedAt)) : tt.pendingClear
        }`;
    return (
      <>
        <p role="status" className="iv-notice" data-testid="iv-closed">
          {text}
        </p>
        <p className="field-hint">{t('closedHint')}</p>
      </>
    );
  }
  if (!asking) {
    return (
      <p>
        <button type="button" className="secondary" onClick={() => setAsking(true)}>
          {tt.close}
        </button>
      </p>
    );
  }
  return (
    <div className="iv-close">
      <p>{tt.ask}</p>
      {close.error && <p className="field-error">{errorText(close.error)}</p>}
      <button type="button" onClick={() => close.mutate()} disabled={close.isPending}>
        {tt.confirm}
      </button>{' '}
      <button type="button" className="secondary" onClick={() => setAsking(false)}>
        {tt.cancel}
      </button>
    </div>
  );
}
