/**
 * Feedback vocabulary without zod, so the public page can import it (like status.ts): the
 * categories, states and channels with their Vietnamese and English names.
 */
export const FEEDBACK_CATEGORIES = [
  'thu_tuc_hanh_chinh',
  'hoc_phi_va_khoan_thu',
  'co_so_vat_chat',
  'thai_do_phuc_vu',
  'an_toan_truong_hoc',
  'khac',
] as const;
export type TFeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

export const CATEGORY_TEXT: Record<TFeedbackCategory, { vi: string; en: string }> = {
  thu_tuc_hanh_chinh: { vi: 'Thủ tục hành chính', en: 'Administrative procedures' },
  hoc_phi_va_khoan_thu: { vi: 'Học phí và khoản thu', en: 'Tuition and fees' },
  co_so_vat_chat: { vi: 'Cơ sở vật chất', en: 'Facilities' },
  thai_do_phuc_vu: { vi: 'Thái độ phục vụ', en: 'Staff attitude' },
  an_toan_truong_hoc: { vi: 'An toàn trường học', en: 'School safety' },
  khac: { vi: 'Khác', en: 'Other' },
};

export const FEEDBACK_STATUSES = [
  'new',
  'accepted',
  'in_progress',
  'answered',
  'closed',
  'transferred',
  'not_competent',
] as const;
export type TFeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export const FEEDBACK_STATUS_TEXT: Record<TFeedbackStatus, { vi: string; en: string }> = {
  new: { vi: 'Mới', en: 'New' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Received' },
  in_progress: { vi: 'Đang xử lý', en: 'In progress' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  transferred: { vi: 'Đã chuyển đơn vị', en: 'Transferred to another unit' },
  not_competent: { vi: 'Không thuộc thẩm quyền', en: 'Not within our competence' },
};

/** States in which the citizen is still waiting for an answer (and a deadline runs). */
export const OPEN_STATUSES: readonly TFeedbackStatus[] = ['new', 'accepted', 'in_progress', 'transferred'];

export const FEEDBACK_CHANNELS = ['web', 'survey', 'hotline', 'email', 'letter', 'in_person'] as const;
export type TFeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const CHANNEL_TEXT: Record<TFeedbackChannel, { vi: string; en: string }> = {
  web: { vi: 'Trang phản ánh', en: 'Feedback page' },
  survey: { vi: 'Từ phiếu khảo sát', en: 'From a survey' },
  hotline: { vi: 'Đường dây nóng', en: 'Hotline' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  letter: { vi: 'Thư, văn bản', en: 'Letter' },
  in_person: { vi: 'Trực tiếp', en: 'In person' },
};

/** Default deadlines in working days per category; an admin changes them in the settings. */
export const DEFAULT_DEADLINE_DAYS: Record<TFeedbackCategory, number> = {
  thu_tuc_hanh_chinh: 10,
  hoc_phi_va_khoan_thu: 10,
  co_so_vat_chat: 15,
  thai_do_phuc_vu: 10,
  an_toan_truong_hoc: 5,
  khac: 15,
};

/** Lower case, no diacritics, đ → d, runs of anything else → one underscore. */
export function foldKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

const CATEGORY_ALIASES: Record<string, TFeedbackCategory> = {
  administrative_procedures: 'thu_tuc_hanh_chinh',
  procedures: 'thu_tuc_hanh_chinh',
  tthc: 'thu_tuc_hanh_chinh',
  hoc_phi: 'hoc_phi_va_khoan_thu',
  hoc_phi_khoan_thu: 'hoc_phi_va_khoan_thu',
  fees: 'hoc_phi_va_khoan_thu',
  tuition: 'hoc_phi_va_khoan_thu',
  tuition_and_fees: 'hoc_phi_va_khoan_thu',
  facilities: 'co_so_vat_chat',
  attitude: 'thai_do_phuc_vu',
  staff_attitude: 'thai_do_phuc_vu',
  safety: 'an_toan_truong_hoc',
  school_safety: 'an_toan_truong_hoc',
  other: 'khac',
};

/**
 * The category a client means: its code, its Vietnamese name with or without marks
 * ("Cơ sở vật chất", "co so vat chat") or a plain English name ("facilities").
 */
export function resolveCategory(text: string): TFeedbackCategory | undefined {
  const key = foldKey(text);
  return (FEEDBACK_CATEGORIES as readonly string[]).includes(key) ? (key as TFeedbackCategory) : CATEGORY_ALIASES[key];
}
