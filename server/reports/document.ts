import type { TFigure } from '../../domain/contract/analytics.js';
import type { TFeedbackMetrics } from '../../domain/contract/feedback.js';
import { CATEGORY_TEXT, FEEDBACK_CATEGORIES } from '../../domain/contract/feedback-codes.js';
import type { TReportData, TReportSection } from '../../domain/contract/reports.js';
import type { TOrganisationFields } from '../../domain/contract/settings.js';
import { STATUS_TEXT } from '../../domain/contract/status.js';
import { decimal, intervalText, percent } from '../../domain/format.js';
import { formatLocalDate, formatLocalDateTime, localDay } from '../../domain/periods.js';
import { reportKind } from '../../domain/report-periods.js';

/**
 * A period report as an administrative document (văn bản hành chính) of Nghị định 30/2020/NĐ-CP,
 * Phụ lục I: what the PDF and the DOCX both print, so they say the same.
 *
 * - top left: the governing body (cơ quan chủ quản, upper case), the issuing body (upper case, bold,
 *   a short rule below) and the number and symbol ("Số:      /BC-SGDĐT": the number is given by the
 *   records office (văn thư) when the report is issued, so it is left blank);
 * - top right: the national title (quốc hiệu) and motto (tiêu ngữ, a rule as long as the line
 *   below), then place and date ("Hải Phòng, ngày 05 tháng 01 năm 2026": day below 10 and months
 *   1 and 2 written with a leading zero);
 * - the document type "BÁO CÁO" and the subject line (trích yếu), centred, a short rule below;
 * - the body, then the recipients (Nơi nhận) bottom left and the signer's authority, title and name
 *   bottom right;
 * - the figures as an annex (Phụ lục) that names the report it belongs to.
 */

/** The headline figure of a section: the official index (domain/methods.ts, criteria_mean). */
export const HEADLINE_LABEL = 'Chỉ số hài lòng chung';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export interface BodyBlock {
  kind: 'heading' | 'para';
  text: string;
}

export interface OfficialDocument {
  governingBody: string;
  issuer: string;
  number: { label: string; symbol: string };
  placeDate: string;
  type: string;
  subject: string;
  body: BodyBlock[];
  recipients: string[];
  signer: { authority: string; title: string; name: string };
  annex: { title: string; subtitle: string; reference: string };
}

/** "ngày 05 tháng 01 năm 2026" of a local date (YYYY-MM-DD). */
export function datePhrase(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const month = m < 3 ? `0${m}` : String(m);
  return `ngày ${String(d).padStart(2, '0')} tháng ${month} năm ${y}`;
}

const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi-VN') + s.slice(1);

/**
 * A figure's status, or "not rated" when too few people answered: such a figure is shown and
 * marked, never rated (the minimum-n rule counts respondents). `short` for table cells.
 */
export function ratedStatus(f: TFigure, minN: number, short = false): string {
  if (!f.smallSample) return STATUS_TEXT[f.status].vi;
  return short ? 'Chưa xếp loại*' : `Chưa xếp loại: dưới ${minN} người trả lời`;
}

function sectionBlocks(s: TReportSection, index: number, minN: number): BodyBlock[] {
  const o = s.summary.overall;
  const blocks: BodyBlock[] = [{ kind: 'heading', text: `${index}. ${s.title.vi}` }];
  const rate =
    o.n === 0
      ? 'Chưa có câu trả lời nào được tính trong kỳ.'
      : `${HEADLINE_LABEL}: ${percent(o.value)} (khoảng tin cậy 95 %: ${intervalText(o)}), ` +
        `tính trên ${o.n} câu trả lời của ${o.respondents} người trả lời; chỉ tiêu ${percent(s.target, 0)}: ` +
        `${ratedStatus(o, minN)}.`;
  blocks.push({ kind: 'para', text: rate });
  if (s.units.length > 0) {
    const rated = s.units.filter((u) => !u.figure.smallSample);
    const count = (status: TFigure['status']) => rated.filter((u) => u.figure.status === status).length;
    const small = s.units.length - rated.length;
    blocks.push({
      kind: 'para',
      text:
        `Có ${s.units.length} đơn vị có câu trả lời: ${count('met')} đạt chỉ tiêu, ${count('below')} chưa đạt, ` +
        `${count('uncertain')} chưa đủ cơ sở kết luận, ${small} chưa đủ số người trả lời để xếp loại.`,
    });
    const below = rated.filter((u) => u.figure.status === 'below').map((u) => u.label.vi);
    if (below.length > 0) {
      blocks.push({ kind: 'para', text: `Đơn vị chưa đạt chỉ tiêu: ${below.join('; ')}.` });
    }
  }
  const weakest = [...s.summary.criteria]
    .filter((c) => c.figure.value !== null && !c.figure.smallSample)
    .sort((a, b) => a.figure.value! - b.figure.value!)[0];
  if (weakest) {
    blocks.push({
      kind: 'para',
      text: `Tiêu chí có tỷ lệ hài lòng thấp nhất: ${weakest.title.vi} (${percent(weakest.figure.value)}).`,
    });
  }
  return blocks;
}

/** Section III: feedback received and handled in the period, for the report's scope. */
export const FEEDBACK_HEADING = 'III. TIẾP NHẬN, XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ';

export function feedbackBlocks(m: TFeedbackMetrics): BodyBlock[] {
  const t = m.total;
  const blocks: BodyBlock[] = [{ kind: 'heading', text: FEEDBACK_HEADING }];
  if (t.received === 0 && t.overdueNow === 0) {
    blocks.push({ kind: 'para', text: 'Trong kỳ không tiếp nhận phản ánh, kiến nghị nào.' });
    return blocks;
  }
  blocks.push({
    kind: 'para',
    text:
      `1. Trong kỳ tiếp nhận ${t.received} phản ánh, kiến nghị; đã trả lời ${t.answered}, trong đó ` +
      `${t.answeredOnTime} đúng hạn. ` +
      (t.onTimeShare === null
        ? 'Chưa có phản ánh nào đến hạn trả lời.'
        : `Tỷ lệ trả lời đúng hạn: ${percent(t.onTimeShare)} (${t.answeredOnTime}/${t.due} phản ánh đến hạn).`),
  });
  if (t.medianDays !== null) {
    blocks.push({
      kind: 'para',
      text: `2. Thời gian xử lý (trung vị): ${decimal(t.medianDays, 1)} ngày làm việc kể từ ngày tiếp nhận.`,
    });
  }
  const categories = FEEDBACK_CATEGORIES.filter((c) => (t.categories[c] ?? 0) > 0).map(
    (c) => `${CATEGORY_TEXT[c].vi} ${t.categories[c]}`,
  );
  if (categories.length > 0) blocks.push({ kind: 'para', text: `3. Theo lĩnh vực: ${categories.join('; ')}.` });
  const overdue = m.units.filter((u) => u.overdueNow > 0).map((u) => `${u.unit.name} (${u.overdueNow})`);
  blocks.push({
    kind: 'para',
    text:
      overdue.length === 0
        ? '4. Hiện không có phản ánh nào quá hạn chưa trả lời.'
        : `4. Hiện còn ${t.overdueNow} phản ánh quá hạn chưa trả lời, tại: ${overdue.slice(0, 10).join('; ')}` +
          `${overdue.length > 10 ? ` và ${overdue.length - 10} đơn vị khác` : ''}.`,
  });
  return blocks;
}

export function officialDocument(data: TReportData, org: TOrganisationFields): OfficialDocument {
  const symbol = `/${org.documentSymbol}`;
  const issued = datePhrase(localDay(new Date(data.generatedAt)));
  const adHoc = reportKind(data.period.code) === 'adHoc';
  const periodPhrase = lowerFirst(data.period.label.vi);
  const subject = adHoc
    ? `Kết quả đo lường sự hài lòng (đột xuất) ${periodPhrase}`
    : `Kết quả đo lường sự hài lòng ${periodPhrase}`;
  const scope = data.unit ? `${data.unit.name} và các đơn vị trực thuộc` : `toàn ${org.name}`;
  const body: BodyBlock[] = [
    {
      kind: 'para',
      text:
        `Thực hiện kế hoạch cải cách hành chính và đo lường sự hài lòng của người dân, tổ chức, ` +
        `${org.name} báo cáo kết quả đo lường sự hài lòng ${periodPhrase} như sau:`,
    },
    { kind: 'heading', text: 'I. PHẠM VI VÀ PHƯƠNG PHÁP' },
    {
      kind: 'para',
      text:
        `1. Kỳ báo cáo: ${data.period.label.vi}` +
        (adHoc
          ? ', báo cáo đột xuất.'
          : ` (từ ${formatLocalDate(data.period.from)} đến ${formatLocalDate(data.period.to)}).`),
    },
    { kind: 'para', text: `2. Phạm vi: ${scope}.` },
    {
      kind: 'para',
      text:
        `3. Phương pháp: ${data.method.label.vi}. Một tỷ lệ có dưới ${data.minN} người trả lời được đánh dấu ` +
        `và không xếp loại. Phiếu thu qua mã QR là mẫu tự chọn, cần đọc cùng số câu trả lời và khoảng tin cậy.`,
    },
    { kind: 'heading', text: 'II. KẾT QUẢ' },
  ];
  if (data.sections.length === 0) body.push({ kind: 'para', text: 'Chưa có câu trả lời nào trong kỳ này.' });
  data.sections.forEach((s, i) => body.push(...sectionBlocks(s, i + 1, data.minN)));
  if (data.feedback) body.push(...feedbackBlocks(data.feedback));
  body.push({
    kind: 'para',
    text: data.frozen
      ? `Số liệu đã được chốt (chứng nhận) lúc ${formatLocalDateTime(data.frozen.at)}` +
        `${data.frozen.by ? ` bởi ${data.frozen.by}` : ''}; phiếu gửi muộn không làm thay đổi báo cáo này.`
      : `Số liệu tạm tính đến ${formatLocalDateTime(data.generatedAt)}, chưa được chốt.`,
  });
  body.push({ kind: 'para', text: 'Số liệu chi tiết theo tiêu chí, đơn vị và tháng tại Phụ lục kèm theo.' });
  const recipients = org.recipients.map(
    (r, i) => `- ${r}${/[.;]$/.test(r) ? '' : i === org.recipients.length - 1 ? '.' : ';'}`,
  );
  return {
    governingBody: org.governingBody.toLocaleUpperCase('vi-VN'),
    issuer: org.name.toLocaleUpperCase('vi-VN'),
    // Room for the number, which the records office writes in when issuing.
    number: { label: 'Số:', symbol },
    placeDate: `${org.place}, ${issued}`,
    type: 'BÁO CÁO',
    subject,
    body,
    recipients,
    signer: {
      authority: org.signerAuthority.toLocaleUpperCase('vi-VN'),
      title: org.signerTitle.toLocaleUpperCase('vi-VN'),
      name: org.signerName,
    },
    annex: {
      title: 'Phụ lục',
      subtitle: `KẾT QUẢ ĐO LƯỜNG SỰ HÀI LÒNG ${data.period.label.vi.toLocaleUpperCase('vi-VN')}`,
      reference: `(Kèm theo Báo cáo số ...... ${symbol} ${issued} của ${org.name})`,
    },
  };
}
