import { ROLE_LABELS, ZRole } from '../../../../domain/contract/roles.js';
import { SCHOOL_LEVEL_LABELS, UNIT_KIND_LABELS, ZSchoolLevel, ZUnitKind } from '../../../../domain/contract/units.js';
import type { TAuditEntry } from '../../../../domain/contract/audit.js';
import { formatDateTime } from '../../lib/format.js';
import type { Lang } from '../../../shared/i18n.js';

/**
 * The audit log in words: the server records codes (`reason: wrong_password`, `from: pending`,
 * `by: self`, target `user 1`), a person reads "Sai mật khẩu", "từ Chờ duyệt sang Đã chấp nhận",
 * "chính người dùng", the user's name. Names come from the lists the screen already has.
 */
export interface Names {
  user: (id: number) => { name: string; email: string } | undefined;
  unit: (code: string) => string | undefined;
  survey: (slug: string) => string | undefined;
}

type Both = { vi: string; en: string };
const L = (vi: string, en: string): Both => ({ vi, en });

/** Values recorded as codes, whatever the key they sit under. */
const VALUE_LABELS: Record<string, Both> = {
  wrong_password: L('Sai mật khẩu', 'Wrong password'),
  unknown_or_disabled_account: L('Tài khoản không tồn tại hoặc đã bị khoá', 'Unknown or disabled account'),
  pending: L('Chờ duyệt', 'Pending'),
  accepted: L('Đã chấp nhận', 'Accepted'),
  rejected: L('Đã loại', 'Rejected'),
  accept: L('Chấp nhận', 'Accept'),
  reject: L('Loại', 'Reject'),
  reopen: L('Đưa về chờ duyệt', 'Back to pending'),
  self: L('chính người dùng', 'the user themselves'),
  admin: L('quản trị viên', 'an administrator'),
  unchanged: L('không đổi', 'unchanged'),
  removed: L('đã xoá', 'removed'),
  qr: L('Mã QR', 'QR code'),
  zalo: L('Zalo', 'Zalo'),
  web: L('Trang web', 'Web page'),
  email: L('Thư điện tử', 'E-mail'),
  sms: L('Tin nhắn', 'Text message'),
};

/** The names of the keys the server writes into `details`. */
const KEY_LABELS: Record<string, Both> = {
  reason: L('Lý do', 'Reason'),
  by: L('Người thực hiện', 'By'),
  email: L('Email', 'E-mail'),
  roles: L('Vai trò', 'Roles'),
  before: L('Trước', 'Before'),
  after: L('Sau', 'After'),
  version: L('Phiên bản', 'Version'),
  file: L('Tệp', 'File'),
  sessions: L('Số phiên đăng nhập đã kết thúc', 'Sessions ended'),
  failures: L('Số lần sai', 'Failures'),
  minutes: L('Khoá (phút)', 'Locked (minutes)'),
  until: L('Khoá đến', 'Locked until'),
  inserted: L('Thêm mới', 'Added'),
  updated: L('Cập nhật', 'Updated'),
  survey: L('Phiếu khảo sát', 'Survey'),
  unit: L('Đơn vị', 'Unit'),
  channel: L('Kênh', 'Channel'),
  code: L('Mã', 'Code'),
  codes: L('Các mã', 'Codes'),
  created: L('Số mã mới', 'Codes created'),
  filter: L('Bộ lọc', 'Filter'),
  period: L('Kỳ báo cáo', 'Period'),
  units: L('Số đơn vị', 'Units'),
  displayName: L('Họ tên', 'Name'),
  disabled: L('Đã khoá', 'Disabled'),
  name: L('Tên', 'Name'),
  kind: L('Loại', 'Kind'),
  level: L('Cấp học', 'Level'),
  parent: L('Thuộc đơn vị', 'Under unit'),
  parentCode: L('Thuộc đơn vị', 'Under unit'),
  ward: L('Phường/xã', 'Ward'),
  enrolment: L('Sĩ số', 'Enrolment'),
  title: L('Chức danh', 'Title'),
  logo: L('Biểu trưng', 'Logo'),
  category: L('Loại phản ánh', 'Category'),
  photos: L('Số ảnh', 'Photos'),
  spam: L('Nghi thư rác', 'Suspected spam'),
  retentionMonths: L('Thời hạn lưu (tháng)', 'Kept (months)'),
  published: L('Đã công khai', 'Published'),
  step: L('Bước', 'Step'),
  selector: L('Phạm vi', 'Scope'),
  questions: L('Số câu hỏi', 'Questions'),
  basedOn: L('Dựa trên phiên bản đã công bố', 'Based on the published version'),
  draftVersion: L('Lần lưu thứ', 'Save number'),
  draft: L('Bản nháp số', 'Draft no.'),
  lists: L('Danh sách', 'Lists'),
  listId: L('Danh sách số', 'List no.'),
  cleared: L('Số liên hệ đã xoá', 'Contacts cleared'),
  retentionDays: L('Thời hạn lưu sau khi đóng (ngày)', 'Kept after closing (days)'),
};

/** Keys that mean nothing to a reader (hashes, sizes, flags already said by the action). */
const HIDDEN_KEYS = new Set(['contentHash', 'bytes', 'bulk', 'decision', 'mediaType']);

const TARGET_TYPES: Record<string, Both> = {
  user: L('Người dùng', 'User'),
  response: L('Phiếu trả lời', 'Response'),
  survey: L('Phiếu khảo sát', 'Survey'),
  unit: L('Đơn vị', 'Unit'),
  units: L('Danh sách đơn vị', 'Unit list'),
  link: L('Mã QR', 'QR code'),
  period: L('Kỳ báo cáo', 'Period'),
  setting: L('Cài đặt', 'Setting'),
  feedback: L('Phản ánh', 'Feedback'),
  feedback_settings: L('Cài đặt phản ánh', 'Feedback settings'),
  calendar_day: L('Ngày nghỉ/làm bù', 'Calendar day'),
  survey_draft: L('Bản nháp phiếu khảo sát', 'Survey draft'),
  interview_list: L('Danh sách phỏng vấn', 'Interview list'),
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function roleText(value: string, names: Names, lang: Lang): string {
  // Roles are recorded as "role" or "role:UNIT".
  const [role, unit] = value.split(':');
  const parsed = ZRole.safeParse(role);
  if (!parsed.success) return value;
  const label = ROLE_LABELS[parsed.data][lang];
  return unit ? `${label}: ${names.unit(unit) ?? unit}` : label;
}

/** One value in words; `key` tells a unit code from a survey slug. */
export function valueText(key: string, value: unknown, names: Names, lang: Lang): string {
  const yes = lang === 'en' ? 'yes' : 'có';
  const no = lang === 'en' ? 'no' : 'không';
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  if (typeof value === 'number') return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN').format(value);
  if (Array.isArray(value)) {
    const items = value.map((v) =>
      key === 'roles' || key === 'before' || key === 'after'
        ? roleText(String(v), names, lang)
        : valueText(key, v, names, lang),
    );
    return items.length ? items.join(', ') : '—';
  }
  if (typeof value === 'object') {
    const o = value;
    // A change recorded as { before, after }.
    if ('before' in o && 'after' in o) {
      return `${valueText(key, o.before, names, lang)} → ${valueText(key, o.after, names, lang)}`;
    }
    return Object.entries(o)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${keyText(k, lang)}: ${valueText(k, v, names, lang)}`)
      .join('; ');
  }
  const s = String(value);
  if (key === 'unit' || key === 'parent' || key === 'parentCode') return names.unit(s) ?? s;
  if (key === 'survey') return names.survey(s) ?? s;
  if (key === 'level') {
    const level = ZSchoolLevel.safeParse(s);
    if (level.success) return SCHOOL_LEVEL_LABELS[level.data][lang];
  }
  if (key === 'kind') {
    const kind = ZUnitKind.safeParse(s);
    if (kind.success) return UNIT_KIND_LABELS[kind.data][lang];
  }
  if (ISO_INSTANT.test(s)) return formatDateTime(s, lang);
  return VALUE_LABELS[s]?.[lang] ?? s;
}

function keyText(key: string, lang: Lang): string {
  return KEY_LABELS[key]?.[lang] ?? key;
}

/** What the entry was done to: a user by name and e-mail, a unit or survey by name. */
export function targetText(e: TAuditEntry, names: Names, lang: Lang): string {
  if (!e.targetType) return '—';
  const type = TARGET_TYPES[e.targetType]?.[lang] ?? e.targetType;
  const id = e.targetId;
  if (!id) return type;
  if (e.targetType === 'user') {
    const user = names.user(Number(id));
    return user ? `${user.name} (${user.email})` : `${type} #${id}`;
  }
  if (e.targetType === 'unit') return names.unit(id) ?? id;
  if (e.targetType === 'survey') return names.survey(id) ?? id;
  if (e.targetType === 'response') return `${type} ${id.slice(0, 8)}…`;
  return `${type} ${id}`;
}

/** The details as lines "Label: value", with the sentences some actions deserve. */
export function detailLines(e: TAuditEntry, names: Names, lang: Lang): string[] {
  const d = e.details;
  const vi = lang === 'vi';
  const lines: string[] = [];
  const rest = { ...d };
  if (typeof d.from === 'string' && typeof d.to === 'string') {
    // "từ Chờ duyệt sang Đã chấp nhận"
    const from = valueText('from', d.from, names, lang);
    const to = valueText('to', d.to, names, lang);
    lines.push(vi ? `từ ${from} sang ${to}` : `from ${from} to ${to}`);
    delete rest.from;
    delete rest.to;
  }
  if (e.action === 'users.password' && typeof d.by === 'string') {
    lines.push(
      d.by === 'self'
        ? vi
          ? 'Do chính người dùng đổi'
          : 'Changed by the user themselves'
        : vi
          ? 'Quản trị viên cấp lại mật khẩu ban đầu'
          : 'Reset by an administrator',
    );
    delete rest.by;
  }
  if (e.action === 'units.import') {
    const added = Number(d.inserted ?? 0);
    const updated = Number(d.updated ?? 0);
    lines.push(vi ? `Thêm ${added}, cập nhật ${updated} đơn vị` : `${added} added, ${updated} updated`);
    delete rest.inserted;
    delete rest.updated;
  }
  for (const [k, v] of Object.entries(rest)) {
    if (HIDDEN_KEYS.has(k) || v === undefined) continue;
    lines.push(`${keyText(k, lang)}: ${valueText(k, v, names, lang)}`);
  }
  return lines;
}
