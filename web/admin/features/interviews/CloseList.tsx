import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { errorText, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { currentLang } from '../../../shared/i18n.js';

const ZClosed = z.object({ closedAt: z.string(), contactsClearedFrom: z.string(), retentionDays: z.number() });

const TEXT = {
  vi: {
    close: 'Đóng danh sách',
    ask: 'Đóng khi đã gọi xong. Sau khi đóng, số điện thoại còn lại (người chưa liên lạc được, hẹn gọi lại, chưa gọi) sẽ bị xoá sau thời hạn lưu. Không mở lại được.',
    confirm: 'Đóng danh sách này',
    cancel: 'Thôi',
    closed: 'Danh sách đã đóng lúc {at}. Số điện thoại còn lại sẽ được xoá từ {from} ({days} ngày sau khi đóng).',
  },
  en: {
    close: 'Close the list',
    ask: 'Close it once the calling is over. The numbers still on it (people not reached, call-backs, not yet called) are then cleared after the retention period. It cannot be reopened.',
    confirm: 'Close this list',
    cancel: 'Cancel',
    closed: 'The list was closed at {at}. The numbers left on it are cleared from {from} ({days} days after closing).',
  },
} as const;

/**
 * Closing a list (docs/interviews.md, retention): a two-step button, since closing starts the
 * clock on clearing the numbers still on the list. Closing a closed list shows when it was closed.
 */
export function CloseList({ listId }: { listId: number }) {
  const lang = currentLang();
  const tt = TEXT[lang];
  const [asking, setAsking] = useState(false);
  const close = useMutation({
    mutationFn: () => send('POST', `/api/v1/interviews/lists/${listId}/close`, {}, ZClosed),
  });
  if (close.data) {
    const text = tt.closed
      .replace('{at}', formatDateTime(close.data.closedAt, lang))
      .replace('{from}', formatDateTime(close.data.contactsClearedFrom, lang))
      .replace('{days}', String(close.data.retentionDays));
    return (
      <p role="status" className="iv-notice" data-testid="iv-closed">
        {text}
      </p>
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
