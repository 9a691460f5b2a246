/**
 * How an answer was collected (#12.1). Every response stores its link's channel code; the five
 * collection channels group them: the platform's own codes (qr, kiosk, paper, interview) stand for
 * themselves, and every code a link was shared under (zalo, sms, email, web…) is a shared 'link'.
 * Plain data, no zod: the admin bundle, the public page and the reports import it.
 */

export const CHANNELS = ['qr', 'link', 'kiosk', 'paper', 'interview'] as const;
export type TChannel = (typeof CHANNELS)[number];

/**
 * How respondents come to answer. Self-selected: people choose to answer (not a probability
 * sample). Sampled: the people asked were drawn from a list, and refusals are counted. Depends:
 * paper forms are handed out as the unit decides (to everyone who visits, or to a drawn sample).
 */
export type TSampling = 'self_selected' | 'sampled' | 'depends';

export interface ChannelInfo {
  label: { vi: string; en: string };
  sampling: TSampling;
}

export const CHANNEL_INFO: Record<TChannel, ChannelInfo> = {
  qr: { label: { vi: 'Mã QR', en: 'QR code' }, sampling: 'self_selected' },
  link: { label: { vi: 'Đường dẫn chia sẻ', en: 'Shared link' }, sampling: 'self_selected' },
  kiosk: { label: { vi: 'Máy khảo sát tại chỗ', en: 'Kiosk' }, sampling: 'self_selected' },
  paper: { label: { vi: 'Phiếu giấy', en: 'Paper form' }, sampling: 'depends' },
  interview: { label: { vi: 'Phỏng vấn', en: 'Interview' }, sampling: 'sampled' },
};

/** The codes that are channels of their own; any other stored code is a shared link's. */
export const OWN_CHANNEL_CODES: readonly string[] = ['qr', 'kiosk', 'paper', 'interview'];

export function isChannel(code: string): code is TChannel {
  return (CHANNELS as readonly string[]).includes(code);
}

/** The collection channel of a stored channel code ('zalo' → 'link'). */
export function channelOf(code: string): TChannel {
  return OWN_CHANNEL_CODES.includes(code) ? (code as TChannel) : 'link';
}

/** A channel's name; a stored code of a shared link reads as "Đường dẫn chia sẻ (zalo)". */
export function channelLabel(code: string, lang: 'vi' | 'en' = 'vi'): string {
  if (isChannel(code)) return CHANNEL_INFO[code].label[lang];
  return `${CHANNEL_INFO.link.label[lang]} (${code.replace(/_/g, ' ')})`;
}

export function isSelfSelected(channel: TChannel): boolean {
  return CHANNEL_INFO[channel].sampling === 'self_selected';
}

const SAMPLING_TEXT: Record<TSampling, { vi: string; en: string }> = {
  self_selected: { vi: 'tự chọn', en: 'self-selected' },
  sampled: { vi: 'chọn mẫu', en: 'sampled' },
  depends: { vi: 'tùy cách phát phiếu', en: 'depends on how forms are handed out' },
};

function joinList(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/**
 * The method note of a figure: which channels it includes, and that the self-selected ones are not
 * a probability sample. `codes` are stored channel codes or channel names, in any order; an empty
 * list (no answers yet) names every channel a figure may include.
 */
export function channelNote(codes: readonly string[]): { vi: string; en: string } {
  const present = new Set(codes.map(channelOf));
  const channels = CHANNELS.filter((c) => present.size === 0 || present.has(c));
  const named = (lang: 'vi' | 'en') =>
    channels.map((c) => `${CHANNEL_INFO[c].label[lang]} (${SAMPLING_TEXT[CHANNEL_INFO[c].sampling][lang]})`);
  const self = channels.filter(isSelfSelected);
  const selfNames = (lang: 'vi' | 'en') =>
    joinList(
      self.map((c) => CHANNEL_INFO[c].label[lang]),
      lang === 'vi' ? 'và' : 'and',
    );
  const vi = [`Số liệu gồm các phiếu thu qua: ${named('vi').join('; ')}.`];
  const en = [`The figures include answers collected by: ${named('en').join('; ')}.`];
  if (self.length > 0) {
    vi.push(
      `Phiếu qua ${selfNames('vi')} là mẫu tự chọn: người trả lời tự nguyện tham gia, không được chọn ngẫu nhiên, ` +
        'nên không phải mẫu xác suất; kết quả phản ánh ý kiến của những người đã trả lời và cần được đọc cùng với ' +
        'số câu trả lời (n) và khoảng tin cậy.',
    );
    en.push(
      `Answers by ${selfNames('en')} are a self-selected sample: people choose to answer and are not drawn at random, ` +
        'so they are not a probability sample. Read every rate with its number of answers (n) and its interval.',
    );
  }
  if (channels.includes('interview')) {
    vi.push('Phỏng vấn theo danh sách người được chọn; tỷ lệ trả lời được báo cáo cùng danh sách.');
    en.push('Interviews follow a list of selected people; the response rate is reported with the list.');
  }
  return { vi: vi.join(' '), en: en.join(' ') };
}

/** The channels of a report's figures (its sections' summaries); older frozen reports name none. */
export function reportChannels(data: {
  sections: ReadonlyArray<{ summary: { channels?: string[] | undefined } }>;
}): string[] {
  return [...new Set(data.sections.flatMap((s) => s.summary.channels ?? []))];
}

/** How a channel's respondents came, in words (a stored code of a shared link counts as 'link'). */
export function samplingLabel(code: string, lang: 'vi' | 'en' = 'vi'): string {
  const sampling = CHANNEL_INFO[channelOf(code)].sampling;
  if (sampling === 'self_selected')
    return lang === 'vi' ? 'mẫu tự chọn, không phải mẫu xác suất' : 'self-selected, not a probability sample';
  return SAMPLING_TEXT[sampling][lang];
}
