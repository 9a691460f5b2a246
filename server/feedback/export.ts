import { sql } from 'kysely';
import { CATEGORY_TEXT, CHANNEL_TEXT, FEEDBACK_STATUS_TEXT } from '../../domain/contract/feedback-codes.js';
import { formatLocalDateTime } from '../../domain/periods.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';
import { CSV_BOM, csvRow } from '../sheets/safe-cells.js';
import { scopedItems } from './queries.js';

const label = (map: Record<string, { vi: string }>, key: string) => map[key]?.vi ?? key;

/**
 * The items in scope as CSV (cells neutralised against formulas). Contact details are personal
 * data: they are in the file only when an admin explicitly asks (the route checks the role).
 */
export async function feedbackCsv(db: Database, user: SessionUser, withContact: boolean): Promise<string> {
  const rows = await scopedItems(db, user)
    .select([
      'f.code',
      'f.created_at',
      'f.category',
      'f.channel',
      'f.status',
      'f.content',
      'f.reply',
      'f.replied_at',
      sql<string>`to_char(f.deadline, 'YYYY-MM-DD')`.as('deadline'),
      'f.contact',
      'u.code as unitCode',
      'u.name as unitName',
    ])
    .orderBy('f.created_at')
    .limit(50_000)
    .execute();
  const header = [
    'Mã',
    'Ngày nhận',
    'Mã đơn vị',
    'Đơn vị',
    'Lĩnh vực',
    'Kênh',
    'Trạng thái',
    'Hạn trả lời',
    'Nội dung',
    'Trả lời',
    'Ngày trả lời',
  ];
  if (withContact) header.push('Họ tên', 'Điện thoại', 'Email', 'Địa chỉ / liên hệ');
  const lines = [csvRow(header)];
  for (const r of rows) {
    const cells: unknown[] = [
      r.code,
      formatLocalDateTime(r.created_at),
      r.unitCode,
      r.unitName,
      label(CATEGORY_TEXT, r.category),
      label(CHANNEL_TEXT, r.channel),
      label(FEEDBACK_STATUS_TEXT, r.status),
      r.deadline,
      r.content,
      r.reply ?? '',
      r.replied_at ? formatLocalDateTime(r.replied_at) : '',
    ];
    if (withContact) {
      const c = (r.contact ?? {}) as Record<string, string | undefined>;
      cells.push(c.name ?? '', c.phone ?? '', c.email ?? '', c.address ?? c.text ?? '');
    }
    lines.push(csvRow(cells));
  }
  return CSV_BOM + lines.join('');
}
