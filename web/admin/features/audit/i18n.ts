import { makeT, type Catalog } from '../../../shared/i18n.js';

const catalog = {
  vi: {
    title: 'Nhật ký hệ thống',
    lead: 'Ai đã làm gì, lúc nào, với đối tượng nào. Nhật ký chỉ được ghi thêm, không sửa hay xoá được.',
    action: 'Hành động',
    actor: 'Người thực hiện',
    from: 'Từ ngày',
    to: 'Đến ngày',
    all: 'Tất cả',
    at: 'Thời điểm',
    target: 'Đối tượng',
    details: 'Chi tiết',
    loading: 'Đang tải nhật ký…',
    empty: 'Không có mục nào khớp bộ lọc.',
    total: '{n} mục',
    system: 'Hệ thống',
  },
  en: {
    title: 'Audit log',
    lead: 'Who did what, when, to what. The log is append-only: entries can never be changed or deleted.',
    action: 'Action',
    actor: 'Actor',
    from: 'From',
    to: 'To',
    all: 'All',
    at: 'When',
    target: 'Target',
    details: 'Details',
    loading: 'Loading the log…',
    empty: 'No entry matches these filters.',
    total: '{n} entries',
    system: 'System',
  },
} satisfies Catalog<string>;

export const t = makeT<keyof typeof catalog.vi>(catalog);

const ACTIONS: Record<string, { vi: string; en: string }> = {
  'definitions.publish': { vi: 'Công bố phiếu khảo sát', en: 'Survey published' },
  'units.import': { vi: 'Nhập đơn vị từ CSV', en: 'Units imported' },
  'units.update': { vi: 'Sửa đơn vị', en: 'Unit edited' },
  'links.create': { vi: 'Tạo mã QR', en: 'QR code created' },
  'links.retire': { vi: 'Thu hồi mã QR', en: 'QR code retired' },
  'kiosks.create': { vi: 'Đăng ký máy khảo sát', en: 'Kiosk registered' },
  'kiosks.revoke': { vi: 'Thu hồi máy khảo sát', en: 'Kiosk revoked' },
  'officers.create': { vi: 'Thêm cán bộ một cửa', en: 'Desk officer added' },
  'officers.update': { vi: 'Sửa cán bộ một cửa', en: 'Desk officer edited' },
  'officers.bind': { vi: 'Gắn mã QR hoặc máy khảo sát với cán bộ', en: 'QR code or kiosk bound to an officer' },
  'campaigns.create': { vi: 'Tạo đợt khảo sát', en: 'Campaign created' },
  'campaigns.update': { vi: 'Sửa đợt khảo sát', en: 'Campaign edited' },
  'campaigns.delete': { vi: 'Xoá đợt khảo sát', en: 'Campaign deleted' },
  'users.create': { vi: 'Tạo người dùng', en: 'User created' },
  'users.update': { vi: 'Sửa người dùng', en: 'User edited' },
  'users.roles': { vi: 'Đổi vai trò', en: 'Roles changed' },
  'users.password': { vi: 'Đổi/cấp lại mật khẩu', en: 'Password changed or reset' },
  'auth.login_failed': { vi: 'Đăng nhập sai', en: 'Failed sign-in' },
  'auth.lockout': { vi: 'Tạm khoá do đăng nhập sai', en: 'Locked after failed sign-ins' },
  'auth.logout_everywhere': { vi: 'Đăng xuất mọi thiết bị', en: 'Signed out everywhere' },
  'responses.review': { vi: 'Duyệt phiếu bị gắn cờ', en: 'Flagged response reviewed' },
  'periods.freeze': { vi: 'Chốt số liệu kỳ báo cáo', en: 'Period frozen' },
  'feedback.create': { vi: 'Nhận phản ánh, kiến nghị', en: 'Feedback received' },
  'feedback.handle': { vi: 'Xử lý phản ánh', en: 'Feedback handled' },
  'feedback.publish': { vi: 'Công khai phản ánh đã xử lý', en: 'Handled feedback published' },
  'feedback.escalate': { vi: 'Phản ánh quá hạn, báo cấp trên', en: 'Overdue feedback escalated' },
  'feedback.purge': { vi: 'Xoá thông tin liên hệ hết hạn lưu', en: 'Contact details deleted (retention)' },
  'feedback.settings': { vi: 'Sửa cài đặt phản ánh', en: 'Feedback settings changed' },
  'auth.login': { vi: 'Đăng nhập', en: 'Signed in' },
  'settings.update': { vi: 'Sửa cài đặt', en: 'Settings changed' },
  'drafts.create': { vi: 'Tạo bản nháp phiếu khảo sát', en: 'Survey draft created' },
  'drafts.save': { vi: 'Lưu bản nháp phiếu khảo sát', en: 'Survey draft saved' },
  'drafts.delete': { vi: 'Xoá bản nháp phiếu khảo sát', en: 'Survey draft deleted' },
  'interviews.close': { vi: 'Đóng danh sách phỏng vấn', en: 'Interview list closed' },
  'interviews.clear_contacts': {
    vi: 'Xoá số điện thoại còn lại của danh sách phỏng vấn đã đóng (hết hạn lưu)',
    en: 'Contact details left on a closed interview list cleared (retention)',
  },
};

const AREAS: Record<string, { vi: string; en: string }> = {
  auth: { vi: 'Đăng nhập', en: 'Sign-in' },
  users: { vi: 'Người dùng', en: 'Users' },
  units: { vi: 'Đơn vị', en: 'Units' },
  links: { vi: 'Mã QR', en: 'QR codes' },
  definitions: { vi: 'Phiếu khảo sát', en: 'Surveys' },
  responses: { vi: 'Phiếu trả lời', en: 'Responses' },
  periods: { vi: 'Kỳ báo cáo', en: 'Periods' },
  settings: { vi: 'Cài đặt', en: 'Settings' },
  feedback: { vi: 'Phản ánh', en: 'Feedback' },
  officers: { vi: 'Cán bộ một cửa', en: 'Desk officers' },
  drafts: { vi: 'Soạn phiếu khảo sát', en: 'Survey builder' },
  interviews: { vi: 'Phỏng vấn', en: 'Interviews' },
};

/** An action in words; one added later without a label still reads as its area, never as a code. */
export function actionLabel(action: string, lang: 'vi' | 'en'): string {
  const known = ACTIONS[action]?.[lang];
  if (known) return known;
  const area = AREAS[action.split('.')[0] ?? '']?.[lang];
  return area ? (lang === 'en' ? `${area}: other change` : `${area}: thay đổi khác`) : action;
}
