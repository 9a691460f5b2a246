import { makeT, type Catalog } from '../../../shared/i18n.js';

const catalog = {
  vi: {
    title: 'Đơn vị',
    lead: 'Sở, các phòng, trường học và đơn vị trực thuộc. Mã đơn vị là định danh cố định, không đổi.',
    leadManager: 'Các đơn vị bạn quản lý và đơn vị trực thuộc.',
    search: 'Tìm theo tên hoặc mã',
    kind: 'Loại',
    level: 'Cấp học',
    all: 'Tất cả',
    code: 'Mã',
    name: 'Tên đơn vị',
    ward: 'Phường/xã',
    enrolment: 'Sĩ số',
    parent: 'Đơn vị cấp trên',
    actions: 'Thao tác',
    edit: 'Sửa',
    loading: 'Đang tải danh sách đơn vị…',
    empty: 'Không có đơn vị nào khớp bộ lọc.',
    emptyAll: 'Chưa có đơn vị nào. Hãy nhập danh sách đơn vị từ tệp CSV.',
    count: '{n} đơn vị',
    editTitle: 'Sửa đơn vị {code}',
    save: 'Lưu thay đổi',
    saving: 'Đang lưu…',
    cancel: 'Huỷ',
    saved: 'Đã lưu đơn vị {code}.',
    noParent: 'Để trống nếu không có cấp trên',
    importTitle: 'Nhập đơn vị từ tệp CSV',
    importLead:
      'Cột: code, name, kind, level, parent_code, ward, enrolment (dòng đầu là tiêu đề, UTF-8). Đơn vị đã có được cập nhật theo mã. Nếu có bất kỳ dòng nào lỗi thì không nhập gì cả.',
    importFile: 'Chọn tệp CSV',
    importPaste: 'hoặc dán nội dung CSV',
    importRun: 'Kiểm tra và nhập',
    importing: 'Đang nhập…',
    importDone: 'Đã nhập: {inserted} đơn vị mới, {updated} đơn vị được cập nhật.',
    importRefused: 'Không nhập đơn vị nào: tệp có {n} lỗi. Sửa các dòng dưới đây rồi nhập lại.',
    importEmpty: 'Hãy chọn tệp hoặc dán nội dung CSV.',
    line: 'Dòng',
    column: 'Cột',
    reason: 'Lý do',
    showImport: 'Nhập từ CSV',
    hideImport: 'Đóng phần nhập CSV',
    kind_department: 'Sở',
    kind_office: 'Phòng/ban',
    kind_school: 'Trường học',
    kind_ward: 'Phường/xã',
    kind_other: 'Khác',
    level_mam_non: 'Mầm non',
    level_tieu_hoc: 'Tiểu học',
    level_thcs: 'THCS',
    level_thpt: 'THPT',
    level_gdtx: 'GDTX',
  },
  en: {
    title: 'Units',
    lead: 'The department, its offices, schools and other units. A unit code is its permanent identity.',
    leadManager: 'The units you manage and their sub-units.',
    search: 'Search by name or code',
    kind: 'Kind',
    level: 'School level',
    all: 'All',
    code: 'Code',
    name: 'Name',
    ward: 'Ward',
    enrolment: 'Enrolment',
    parent: 'Parent unit',
    actions: 'Actions',
    edit: 'Edit',
    loading: 'Loading units…',
    empty: 'No unit matches these filters.',
    emptyAll: 'No units yet. Import the list of units from a CSV file.',
    count: '{n} units',
    editTitle: 'Edit unit {code}',
    save: 'Save changes',
    saving: 'Saving…',
    cancel: 'Cancel',
    saved: 'Unit {code} saved.',
    noParent: 'Leave empty for a top-level unit',
    importTitle: 'Import units from a CSV file',
    importLead:
      'Columns: code, name, kind, level, parent_code, ward, enrolment (header row first, UTF-8). Existing units are updated by code. If any row is wrong, nothing is imported.',
    importFile: 'Choose a CSV file',
    importPaste: 'or paste the CSV text',
    importRun: 'Check and import',
    importing: 'Importing…',
    importDone: 'Imported: {inserted} new units, {updated} updated.',
    importRefused: 'Nothing was imported: the file has {n} problems. Fix the rows below and import again.',
    importEmpty: 'Choose a file or paste CSV text.',
    line: 'Line',
    column: 'Column',
    reason: 'Reason',
    showImport: 'Import from CSV',
    hideImport: 'Close CSV import',
    kind_department: 'Department',
    kind_office: 'Office',
    kind_school: 'School',
    kind_ward: 'Ward/commune',
    kind_other: 'Other',
    level_mam_non: 'Preschool',
    level_tieu_hoc: 'Primary',
    level_thcs: 'Lower secondary',
    level_thpt: 'Upper secondary',
    level_gdtx: 'Continuing education',
  },
} satisfies Catalog<string>;

export type UnitsKey = keyof typeof catalog.vi;
export const t = makeT(catalog as Catalog<UnitsKey>);

export const KINDS = ['department', 'office', 'school', 'ward', 'other'] as const;
export const LEVELS = ['mam_non', 'tieu_hoc', 'thcs', 'thpt', 'gdtx'] as const;
export type Kind = (typeof KINDS)[number];
export type Level = (typeof LEVELS)[number];

export const kindLabel = (k: Kind) => t(`kind_${k}`);
export const levelLabel = (l: Level | null) => (l ? t(`level_${l}`) : '—');

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: Kind;
  level: Level | null;
  ward: string | null;
  enrolment: number | null;
  parentId: number | null;
  parentCode: string | null;
}
