/**
 * The notes that go with published figures (reports, the public page): how the sample was drawn,
 * what the statuses claim, and what is left out. Plain text, no zod: the public page imports it.
 */

export const QR_NOTE = {
  vi:
    'Phiếu trả lời qua mã QR là mẫu tự chọn: người trả lời tự nguyện tham gia, không được chọn ngẫu nhiên. ' +
    'Kết quả phản ánh ý kiến của những người đã trả lời và cần được đọc cùng với số câu trả lời (n) và khoảng tin cậy.',
  en:
    'Answers given through QR codes are a self-selected sample: people choose to answer; they are not drawn at random. ' +
    'Read every rate with its number of answers (n) and its interval.',
};

/** The minimum-n rule counts respondents (isSmallSample in statistics.ts). */
export function minNNote(minN: number): string {
  return `Kết quả có dưới ${minN} người trả lời được đánh dấu "ít người trả lời": vẫn được hiển thị nhưng cần thận trọng khi kết luận.`;
}

export const STATUS_NOTE =
  'Khoảng tin cậy 95 % tính theo phương pháp Wilson ở cấp người trả lời (các câu trả lời của cùng một người được coi là một cụm). ' +
  '"Đạt chỉ tiêu" khi cả khoảng tin cậy nằm từ chỉ tiêu trở lên; ' +
  '"Chưa đạt chỉ tiêu" khi cả khoảng nằm dưới chỉ tiêu; còn lại là "Chưa đủ cơ sở kết luận".';

export const FLAGGED_NOTE =
  'Phiếu bị gắn cờ (trả lời quá nhanh, gửi dồn dập, trùng thiết bị…) chưa được người duyệt chấp nhận thì không được tính.';
