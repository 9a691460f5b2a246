import type { TFigureStatus } from '../../domain/contract/status.js';

export const STATUS_COLOR: Record<TFigureStatus, string> = {
  met: '#1a7f37',
  below: '#c62828',
  uncertain: '#9a6700',
  no_data: '#5b6675',
  no_target: '#5b6675',
};

/** dd/MM/yyyy HH:mm in Vietnam time. */
export function vnDateTime(iso: string | Date): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function vnDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

export const QR_NOTE =
  'Phiếu trả lời qua mã QR là mẫu tự chọn: người trả lời tự nguyện tham gia, không được chọn ngẫu nhiên. ' +
  'Kết quả phản ánh ý kiến của những người đã trả lời và cần được đọc cùng với số câu trả lời (n) và khoảng tin cậy.';

export function minNNote(minN: number): string {
  return `Tỷ lệ có dưới ${minN} câu trả lời được đánh dấu "ít phiếu": vẫn được hiển thị nhưng cần thận trọng khi kết luận.`;
}

export const STATUS_NOTE =
  'Khoảng tin cậy 95 % tính theo phương pháp Wilson. "Đạt chỉ tiêu" khi cả khoảng tin cậy nằm từ chỉ tiêu trở lên; ' +
  '"Chưa đạt chỉ tiêu" khi cả khoảng nằm dưới chỉ tiêu; còn lại là "Chưa đủ cơ sở kết luận".';

export const FLAGGED_NOTE =
  'Phiếu bị gắn cờ (trả lời quá nhanh, gửi dồn dập, trùng thiết bị…) chưa được người duyệt chấp nhận thì không được tính.';
