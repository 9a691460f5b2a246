import { useState } from 'react';
import { Field } from '../../components/Field.js';
import type { Lang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

/** Where a code is shared. Stored as a short code ("qr"); people see these names. */
const CHANNELS: Record<string, { vi: string; en: string }> = {
  qr: { vi: 'Áp phích mã QR', en: 'QR poster' },
  zalo: { vi: 'Zalo', en: 'Zalo' },
  facebook: { vi: 'Facebook', en: 'Facebook' },
  web: { vi: 'Trang web', en: 'Web site' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  sms: { vi: 'Tin nhắn', en: 'Text message' },
  kiosk: { vi: 'Máy khảo sát tại chỗ', en: 'Kiosk' },
};

/** Channels the platform makes itself (paper batches, interview lists), named but never offered for a new link. */
const MADE_BY_PLATFORM: Record<string, { vi: string; en: string }> = {
  paper: { vi: 'Phiếu giấy', en: 'Paper form' },
  interview: { vi: 'Phỏng vấn', en: 'Interview' },
};

/** A channel's name; one typed by hand ("hop_phu_huynh") reads with spaces. */
export function channelLabel(channel: string, lang: Lang): string {
  return (CHANNELS[channel] ?? MADE_BY_PLATFORM[channel])?.[lang] ?? channel.replace(/_/g, ' ');
}

const OTHER = '__other';

/** The channel as a list of the usual ones, and a box for another. */
export function ChannelField(props: {
  id: string;
  value: string;
  onChange: (channel: string) => void;
  error?: string | undefined;
  lang: Lang;
}) {
  const known = props.value in CHANNELS;
  const [other, setOther] = useState(!known);
  return (
    <>
      <Field id={props.id} label={t('channel')} hint={t('channelHint')} error={other ? undefined : props.error}>
        {(aria) => (
          <select
            {...aria}
            value={other ? OTHER : props.value}
            onChange={(e) => {
              const v = e.target.value;
              setOther(v === OTHER);
              props.onChange(v === OTHER ? '' : v);
            }}
          >
            {Object.entries(CHANNELS).map(([code, label]) => (
              <option key={code} value={code}>
                {label[props.lang]}
              </option>
            ))}
            <option value={OTHER}>{t('channelOther')}</option>
          </select>
        )}
      </Field>
      {other && (
        <Field id={`${props.id}-other`} label={t('channelOtherName')} hint={t('channelOtherHint')} error={props.error}>
          {(aria) => <input {...aria} value={props.value} onChange={(e) => props.onChange(e.target.value.trim())} />}
        </Field>
      )}
    </>
  );
}
