import { makeT, type Catalog } from '../../../shared/i18n.js';

const catalog = {
  vi: {
    title: 'Mã QR và áp phích',
    lead: 'Mỗi mã QR mở phiếu khảo sát đang dùng cho một đơn vị. In áp phích để đặt tại bộ phận một cửa, cổng trường, phòng họp phụ huynh…',
    leadReadOnly: 'Bạn có thể xem và tải áp phích; chỉ quản trị viên và quản lý đơn vị mới tạo hoặc thu hồi mã.',
    survey: 'Phiếu khảo sát',
    unit: 'Đơn vị',
    level: 'Cấp học',
    ward: 'Phường/xã',
    parent: 'Thuộc đơn vị',
    channel: 'Kênh',
    channelHint: 'vd. qr, zalo, web — mỗi kênh một mã riêng',
    all: 'Tất cả',
    includeRetired: 'Hiện cả mã đã thu hồi',
    size: 'Khổ giấy',
    batch: 'Tải áp phích hàng loạt (PDF)',
    batchHint: 'Một trang cho mỗi mã đang dùng khớp bộ lọc.',
    loading: 'Đang tải danh sách mã…',
    empty: 'Không có mã QR nào khớp bộ lọc.',
    emptyAll: 'Chưa có mã QR nào. Hãy tạo mã cho đơn vị.',
    count: '{n} mã QR',
    code: 'Mã',
    createdAt: 'Tạo lúc',
    status: 'Trạng thái',
    active: 'Đang dùng',
    retired: 'Đã thu hồi {date}',
    posters: 'Áp phích',
    retire: 'Thu hồi',
    confirmRetire: 'Thu hồi mã {code}? Người quét mã sẽ thấy phiếu đã đóng.',
    yesRetire: 'Có, thu hồi',
    no: 'Không',
    retiredDone: 'Đã thu hồi mã {code}.',
    createOne: 'Tạo mã cho một đơn vị',
    createBulk: 'Tạo mã hàng loạt',
    bulkHint:
      'Tạo mã cho mọi đơn vị khớp bộ lọc (trong phạm vi bạn quản lý) chưa có mã cho phiếu này. Phiếu theo cấp học chỉ dành cho trường cùng cấp.',
    create: 'Tạo mã',
    creating: 'Đang tạo…',
    created: 'Đã tạo mã {code} cho {unit}.',
    existing: '{unit} đã có mã {code} cho phiếu và kênh này.',
    bulkDone: 'Đã tạo {created} mã mới; {existing} đơn vị đã có mã.',
    chooseSurvey: 'Chọn phiếu khảo sát',
    open: 'Mở phiếu',
    showCreate: 'Tạo mã QR',
    hideCreate: 'Đóng phần tạo mã',
  },
  en: {
    title: 'QR codes and posters',
    lead: 'Each QR code opens the survey in use for one unit. Print posters for the one-stop desk, the school gate, parents’ meetings…',
    leadReadOnly: 'You can view and download posters; only administrators and unit managers create or retire codes.',
    survey: 'Survey',
    unit: 'Unit',
    level: 'School level',
    ward: 'Ward',
    parent: 'Under unit',
    channel: 'Channel',
    channelHint: 'e.g. qr, zalo, web — one code per channel',
    all: 'All',
    includeRetired: 'Show retired codes too',
    size: 'Paper size',
    batch: 'Download posters in bulk (PDF)',
    batchHint: 'One page for every active code matching the filters.',
    loading: 'Loading codes…',
    empty: 'No QR code matches these filters.',
    emptyAll: 'No QR codes yet. Create codes for units.',
    count: '{n} QR codes',
    code: 'Code',
    createdAt: 'Created',
    status: 'Status',
    active: 'Active',
    retired: 'Retired {date}',
    posters: 'Posters',
    retire: 'Retire',
    confirmRetire: 'Retire code {code}? People who scan it will see that the survey is closed.',
    yesRetire: 'Yes, retire',
    no: 'No',
    retiredDone: 'Code {code} retired.',
    createOne: 'Create a code for one unit',
    createBulk: 'Create codes in bulk',
    bulkHint:
      'Creates a code for every matching unit (within your units) that has none for this survey. A per-level survey only fits schools of its level.',
    create: 'Create code',
    creating: 'Creating…',
    created: 'Created code {code} for {unit}.',
    existing: '{unit} already has code {code} for this survey and channel.',
    bulkDone: 'Created {created} new codes; {existing} units already had one.',
    chooseSurvey: 'Choose a survey',
    open: 'Open form',
    showCreate: 'Create QR codes',
    hideCreate: 'Close code creation',
  },
} satisfies Catalog<string>;

export type LinksKey = keyof typeof catalog.vi;
export const t = makeT<LinksKey>(catalog);

export interface Link {
  id: number;
  code: string;
  url: string;
  survey: string;
  surveyTitle: string;
  unit: string;
  unitName: string;
  channel: string;
  createdAt: string;
  retiredAt: string | null;
}
