import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { CHANNEL_INFO, channelOf } from '../../../../domain/channels.js';
import { ZBreakdown } from '../../../../domain/contract/analytics.js';
import { currentLang } from '../../../shared/i18n.js';
import { get, query } from '../../lib/api.js';
import { figureText, intervalText } from './format.js';

const TEXT = {
  vi: {
    title: 'Theo kênh thu thập',
    channel: 'Kênh',
    sampling: 'Cách chọn người trả lời',
    n: 'Số người',
    figure: 'Kết quả',
    interval: 'Khoảng tin cậy 95 %',
    self_selected: 'Tự chọn (không phải mẫu xác suất)',
    sampled: 'Chọn mẫu theo danh sách',
    depends: 'Tùy cách phát phiếu',
  },
  en: {
    title: 'By collection channel',
    channel: 'Channel',
    sampling: 'How respondents came',
    n: 'People',
    figure: 'Result',
    interval: '95 % interval',
    self_selected: 'Self-selected (not a probability sample)',
    sampled: 'Sampled from a list',
    depends: 'Depends on how forms are handed out',
  },
} as const;

/**
 * The headline figure per collection channel (QR, shared link, kiosk, paper, interview), each with
 * how its respondents came, so a self-selected figure is never read as a sampled one.
 */
export function ChannelPanel({ filters }: { filters: Record<string, string | undefined> }) {
  const lang = currentLang();
  const tt = TEXT[lang];
  const { data } = useQuery({
    queryKey: ['analytics', 'by-channel', query(filters)],
    queryFn: ({ signal }) =>
      get(`/api/v1/analytics/breakdown${query({ ...filters, by: 'channel' })}`, ZBreakdown, signal),
    enabled: !!filters.survey,
    placeholderData: keepPreviousData,
  });
  if (!data || data.rows.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="channel-title" data-testid="channel-panel">
      <h2 id="channel-title">{tt.title}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{tt.channel}</th>
              <th scope="col">{tt.sampling}</th>
              <th scope="col">{tt.n}</th>
              <th scope="col">{tt.figure}</th>
              <th scope="col">{tt.interval}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.key ?? ''}>
                <th scope="row">{lang === 'en' ? r.label.en : r.label.vi}</th>
                <td>{tt[CHANNEL_INFO[channelOf(r.key ?? '')].sampling]}</td>
                <td>{r.figure.n}</td>
                <td className={`status-${r.figure.status}`}>{figureText(r.figure)}</td>
                <td>{intervalText(r.figure)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
