import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ZLink, type TLink } from '../../../../domain/contract/links.js';
import { errorText, send } from '../../lib/api.js';
import { currentLang, type Lang } from '../../../shared/i18n.js';
import './share.css';

/** The channels a link is shared on by message (#12.6); each gets its own link, so answers say how they came. */
export const SHARE_CHANNELS = ['zalo', 'sms', 'email'] as const;
export type ShareChannel = (typeof SHARE_CHANNELS)[number];

const TEXT = {
  vi: {
    share: 'Chia sẻ',
    shareOf: 'Chia sẻ đường dẫn khảo sát của {unit}',
    zalo: 'Zalo',
    sms: 'Tin nhắn SMS',
    email: 'Thư điện tử',
    making: 'Đang tạo đường dẫn…',
    message: 'Lời nhắn soạn sẵn',
    copy: 'Sao chép lời nhắn',
    copied: 'Đã sao chép. Dán vào {channel} để gửi.',
    openSms: 'Mở ứng dụng tin nhắn',
    openEmail: 'Mở thư điện tử',
    shareApp: 'Chia sẻ qua ứng dụng…',
    subject: 'Mời tham gia khảo sát sự hài lòng',
    body: 'Kính mời Ông/Bà dành ít phút trả lời phiếu "{survey}" của {unit}. Phiếu không cần đăng nhập, không hỏi họ tên; ý kiến của Ông/Bà giúp đơn vị phục vụ tốt hơn. Trả lời tại: {url}',
  },
  en: {
    share: 'Share',
    shareOf: 'Share the survey link of {unit}',
    zalo: 'Zalo',
    sms: 'Text message',
    email: 'E-mail',
    making: 'Making the link…',
    message: 'Ready message',
    copy: 'Copy the message',
    copied: 'Copied. Paste it into {channel} to send.',
    openSms: 'Open messages',
    openEmail: 'Open e-mail',
    shareApp: 'Share with an app…',
    subject: 'Invitation to a satisfaction survey',
    // The message itself goes to Vietnamese citizens whatever the admin's language.
    body: 'Kính mời Ông/Bà dành ít phút trả lời phiếu "{survey}" của {unit}. Phiếu không cần đăng nhập, không hỏi họ tên; ý kiến của Ông/Bà giúp đơn vị phục vụ tốt hơn. Trả lời tại: {url}',
  },
} as const;
type Key = keyof (typeof TEXT)['vi'];
const tr = (lang: Lang, key: Key, vars: Record<string, string> = {}) =>
  TEXT[lang][key].replace(/\{(\w+)\}/g, (_m, name: string) => vars[name] ?? '');

/** The Vietnamese invitation sent with a channel's link. */
export function shareMessage(link: Pick<TLink, 'surveyTitle' | 'unitName' | 'url'>): string {
  return tr('vi', 'body', { survey: link.surveyTitle, unit: link.unitName, url: link.url });
}

/**
 * A share button per link: pick Zalo, SMS or e-mail, and get that channel's own link (made on
 * first use, the same one afterwards) with a ready Vietnamese message to copy or open in the app.
 */
export function ShareLink({ link }: { link: TLink }) {
  const lang = currentLang();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<ShareChannel>();
  const [copied, setCopied] = useState(false);
  const make = useMutation({
    mutationFn: (c: ShareChannel) =>
      send('POST', '/api/v1/links', { survey: link.survey, unit: link.unit, channel: c }, ZLink),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['links'] }),
  });
  const shared = make.data;
  const message = shared ? shareMessage(shared) : '';
  const pick = (c: ShareChannel) => {
    setChannel(c);
    setCopied(false);
    make.mutate(c);
  };
  const copy = async () => {
    await navigator.clipboard?.writeText(message).catch(() => {});
    setCopied(true);
  };
  const subject = tr('vi', 'subject');
  return (
    <details className="share-link">
      <summary className="button-link small">{tr(lang, 'share')}</summary>
      <div role="group" aria-label={tr(lang, 'shareOf', { unit: link.unitName })} className="share-panel">
        <div className="row-actions">
          {SHARE_CHANNELS.map((c) => (
            <button
              key={c}
              type="button"
              className="small"
              aria-pressed={channel === c}
              disabled={make.isPending}
              onClick={() => pick(c)}
            >
              {tr(lang, c)}
            </button>
          ))}
        </div>
        {make.isPending && <p role="status">{tr(lang, 'making')}</p>}
        {make.error && <p className="field-error">{errorText(make.error)}</p>}
        {shared && channel && !make.isPending && (
          <>
            <label htmlFor={`share-${link.id}`}>{tr(lang, 'message')}</label>
            <textarea id={`share-${link.id}`} readOnly rows={5} value={message} />
            <div className="row-actions">
              <button type="button" className="small" onClick={() => void copy()}>
                {tr(lang, 'copy')}
              </button>
              {channel === 'sms' && (
                <a className="button-link small" href={`sms:?&body=${encodeURIComponent(message)}`}>
                  {tr(lang, 'openSms')}
                </a>
              )}
              {channel === 'email' && (
                <a
                  className="button-link small"
                  href={`mailto:?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(message)}`}
                >
                  {tr(lang, 'openEmail')}
                </a>
              )}
              {channel === 'zalo' && typeof navigator.share === 'function' && (
                <button
                  type="button"
                  className="small"
                  onClick={() => void navigator.share({ title: subject, text: message }).catch(() => {})}
                >
                  {tr(lang, 'shareApp')}
                </button>
              )}
            </div>
            {copied && <p role="status">{tr(lang, 'copied', { channel: tr(lang, channel) })}</p>}
          </>
        )}
      </div>
    </details>
  );
}
