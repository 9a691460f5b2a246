import { useQuery } from '@tanstack/react-query';
import { ZCampaignProgress, type TUnitProgress } from '../../../../domain/contract/campaigns.js';
import { decimal, percent } from '../../../../domain/format.js';
import { formatLocalDate } from '../../../../domain/periods.js';
import { errorText, get } from '../../lib/api.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

const whole = (n: number) => decimal(n, 0, currentLang());

function UnitRow({ u }: { u: TUnitProgress }) {
  const lang = currentLang();
  const filled = Math.min(u.share, 1);
  const mark = u.quota > 0 ? Math.min(u.expected / u.quota, 1) : 0;
  const status = u.respondents >= u.quota ? 'done' : u.behind ? 'behind' : 'onPace';
  return (
    <li className={`campaign-unit${u.behind ? ' is-behind' : ''}`}>
      <div className="campaign-unit-head">
        <strong>{u.unitName}</strong>
        <span className={`badge ${status === 'behind' ? 'bad' : 'ok'}`}>{t(status)}</span>
      </div>
      <div
        className="campaign-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={u.quota}
        aria-valuenow={Math.min(u.respondents, u.quota)}
        aria-label={t('barLabel', { unit: u.unitName, n: whole(u.respondents), quota: whole(u.quota) })}
      >
        <span className="campaign-bar-fill" style={{ width: `${filled * 100}%` }} />
        {u.expected > 0 && <span className="campaign-bar-mark" style={{ left: `${mark * 100}%` }} />}
      </div>
      <div className="campaign-unit-meta">
        {t('respondents', { n: whole(u.respondents), quota: whole(u.quota) })} · {percent(u.share, 0, lang)}
        {u.respondents < u.quota && u.expected > 0 && ` · ${t('expected', { n: whole(u.expected) })}`}
        {u.pending > 0 && ` · ${t('pending', { n: whole(u.pending) })}`}
      </div>
    </li>
  );
}

/** Respondents so far against each unit's quota, units behind first (the API sorts them). */
export function CampaignProgress({ id }: { id: number }) {
  const lang = currentLang();
  const { data, error, isLoading } = useQuery({
    queryKey: ['campaigns', id, 'progress'],
    queryFn: ({ signal }) => get(`/api/v1/campaigns/${id}/progress`, ZCampaignProgress, signal),
  });
  if (isLoading) return <p role="status">{t('loading')}</p>;
  if (error || !data) return <p className="field-error">{errorText(error)}</p>;
  const c = data.campaign;
  return (
    <section className="panel" aria-labelledby="campaign-progress-title">
      <h2 id="campaign-progress-title">{t('progressTitle', { name: c.name })}</h2>
      <p>
        {c.surveyTitle} · {t('dates', { from: formatLocalDate(c.opensOn), to: formatLocalDate(c.closesOn) })} ·{' '}
        <span className={`badge ${c.state === 'open' ? 'ok' : 'warn'}`}>{t(c.state)}</span>
      </p>
      <p>{t('elapsed', { share: percent(data.elapsed, 0, lang), day: formatLocalDate(data.day) })}</p>
      <p>
        <strong>
          {t('totals', {
            respondents: whole(data.totals.respondents),
            quota: whole(data.totals.quota),
            behind: whole(data.totals.behind),
          })}
        </strong>
      </p>
      {data.units.length === 0 ? (
        <p>{t('noUnits')}</p>
      ) : (
        <ol className="campaign-units">
          {data.units.map((u) => (
            <UnitRow key={u.unit} u={u} />
          ))}
        </ol>
      )}
    </section>
  );
}
