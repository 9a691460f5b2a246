import type { Lang } from '../shared/i18n.js';

const TEXT = {
  vi: {
    fullScreen: 'Toàn màn hình',
    idle: 'Không thấy thao tác: phiếu sẽ được làm mới sau {n} giây.',
    keepGoing: 'Tiếp tục trả lời',
    nextIn: 'Phiếu mới sẽ mở sau {n} giây.',
    next: 'Bắt đầu phiếu mới',
    queued: 'Máy đang mất kết nối: phiếu đã được lưu trên máy và sẽ tự gửi khi có mạng.',
    notSaved: 'Không lưu được phiếu trên máy. Vui lòng báo cán bộ phụ trách.',
    refused: 'Phiếu chưa được nhận. Vui lòng kiểm tra lại các câu trả lời.',
    revokedTitle: 'Máy khảo sát này đã ngừng hoạt động',
    revokedBody: 'Máy đã bị thu hồi nên không nhận thêm phiếu. Vui lòng liên hệ cán bộ phụ trách.',
    unknownTitle: 'Không tìm thấy máy khảo sát',
    unknownBody: 'Đường dẫn của máy không đúng. Vui lòng liên hệ cán bộ phụ trách.',
  },
  en: {
    fullScreen: 'Full screen',
    idle: 'No activity: the form will be cleared in {n} seconds.',
    keepGoing: 'Keep answering',
    nextIn: 'A new form opens in {n} seconds.',
    next: 'Start a new form',
    queued: 'This tablet is offline: the answer is saved here and will be sent when the network returns.',
    notSaved: 'The answer could not be saved on this tablet. Please tell the staff.',
    refused: 'The answer was not accepted. Please check your answers.',
    revokedTitle: 'This survey tablet is no longer in use',
    revokedBody: 'It has been revoked and takes no more answers. Please contact the staff.',
    unknownTitle: 'Survey tablet not found',
    unknownBody: 'The address of this tablet is wrong. Please contact the staff.',
  },
} as const;

export type KioskKey = keyof (typeof TEXT)['vi'];

export function kioskText(key: KioskKey, lang: Lang, n?: number): string {
  return TEXT[lang][key].replace('{n}', String(n ?? ''));
}
