import { useState } from 'react';
import { api, query } from '../../api.js';
import { Field } from '../../components/Field.js';
import { UnitInput } from '../../components/UnitInput.js';
import { formatDateTime, useFetch } from '../../components/useFetch.js';
import { setSearchParams, useLocation } from '../../router.js';
import { hasAnyRole, useSession } from '../../session.js';
import { currentLang } from '../../../shared/i18n.js';
import { CreateLinks } from './CreateLinks.js';
import { t, type Link, type SurveyOption } from './i18n.js';
import '../../components/admin-ui.css';

const LEVELS = [
  ['mam_non', 'Mầm non'],
  ['tieu_hoc', 'Tiểu học'],
  ['thcs', 'THCS'],
  ['thpt', 'THPT'],
  ['gdtx', 'GDTX'],
] as const;

function RetireButton({ link, onRetired }: { link: Link; onRetired: (code: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!confirming) {
    return (
      <button
        type="button"
        className="small secondary"
        aria-label={`${t('retire')} ${link.code}`}
        onClick={() => setConfirming(true)}
      >
        {t('retire')}
      </button>
    );
  }
  return (
    <div role="group" aria-label={t('retire')}>
      <p role="alert">{t('confirmRetire', { code: link.code })}</p>
      {error && <p className="field-error">{error}</p>}
      <div className="row-actions">
        <button
          type="button"
          className="small danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await api(`/api/v1/links/${encodeURIComponent(link.code)}/retire`, { method: 'POST' });
              onRetired(link.code);
            } catch (err) {
              setError((err as Error).message);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('yesRetire')}
        </button>
        <button type="button" className="small secondary" onClick={() => setConfirming(false)}>
          {t('no')}
        </button>
      </div>
    </div>
  );
}

/** QR links and posters: list, create one or many, download posters one by one or in a batch, retire. */
export default function LinksPage() {
  const { me } = useSession();
  const canManage = hasAnyRole(me, ['admin', 'unit_manager']);
  const lang = currentLang();
  const { search } = useLocation();
  const filter = {
    survey: search.get('survey') ?? '',
    unit: search.get('unit') ?? '',
    level: search.get('level') ?? '',
    ward: search.get('ward') ?? '',
    includeRetired: search.get('includeRetired') === 'true' ? 'true' : '',
  };
  const size = search.get('size') === 'A5' ? 'A5' : 'A4';
  const creating = search.get('create') === '1';
  const [notice, setNotice] = useState<string | null>(null);
  const [ward, setWard] = useState(filter.ward);

  const surveys = useFetch<{ surveys: SurveyOption[] }>('/api/v1/surveys');
  const { data: links, error, loading, reload } = useFetch<Link[]>(`/api/v1/links${query(filter)}`);
  const batchUrl = `/api/v1/posters.pdf${query({ ...filter, includeRetired: undefined, size })}`;
  const poster = (l: Link, format: 'pdf' | 'png' | 'svg') =>
    `/api/v1/links/${encodeURIComponent(l.code)}/poster.${format}?size=${size}`;

  return (
    <section>
      <div className="page-head">
        <h1>{t('title')}</h1>
        {canManage && (
          <button
            type="button"
            className="secondary"
            aria-expanded={creating}
            onClick={() => setSearchParams({ create: creating ? undefined : '1' })}
          >
            {creating ? t('hideCreate') : t('showCreate')}
          </button>
        )}
      </div>
      <p className="lead">{canManage ? t('lead') : t('leadReadOnly')}</p>

      {creating && canManage && surveys.data && <CreateLinks surveys={surveys.data.surveys} onCreated={reload} />}

      <div className="toolbar" role="search">
        <Field id="links-survey" label={t('survey')}>
          {(aria) => (
            <select
              {...aria}
              value={filter.survey}
              onChange={(e) => setSearchParams({ survey: e.target.value || undefined })}
            >
              <option value="">{t('all')}</option>
              {surveys.data?.surveys.map((s) => (
                <option key={s.slug} value={s.slug}>
                  {(lang === 'en' && s.title.en) || s.title.vi}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UnitInput
          id="links-unit"
          label={t('unit')}
          value={filter.unit}
          onChange={(unit) => setSearchParams({ unit: unit || undefined }, { replace: true })}
        />
        <Field id="links-level" label={t('level')}>
          {(aria) => (
            <select
              {...aria}
              value={filter.level}
              onChange={(e) => setSearchParams({ level: e.target.value || undefined })}
            >
              <option value="">{t('all')}</option>
              {LEVELS.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="links-ward" label={t('ward')}>
          {(aria) => (
            <input
              {...aria}
              value={ward}
              onChange={(e) => setWard(e.target.value)}
              onBlur={() => setSearchParams({ ward: ward.trim() || undefined })}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setSearchParams({ ward: ward.trim() || undefined });
              }}
            />
          )}
        </Field>
        <Field id="links-size" label={t('size')}>
          {(aria) => (
            <select {...aria} value={size} onChange={(e) => setSearchParams({ size: e.target.value })}>
              <option value="A4">A4</option>
              <option value="A5">A5</option>
            </select>
          )}
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.includeRetired === 'true'}
            onChange={(e) => setSearchParams({ includeRetired: e.target.checked ? 'true' : undefined })}
          />{' '}
          {t('includeRetired')}
        </label>
      </div>

      {notice && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="notice bad" role="alert">
          {error.message}
        </p>
      )}
      {!links ? (
        loading && <p aria-busy="true">{t('loading')}</p>
      ) : links.length === 0 ? (
        <p className="empty">{Object.values(filter).some(Boolean) ? t('empty') : t('emptyAll')}</p>
      ) : (
        <>
          <div className="actions">
            <a className="button-link" href={batchUrl} download>
              {t('batch')} · {size}
            </a>
            <span className="field-hint">{t('batchHint')}</span>
          </div>
          <p className="lead" aria-live="polite">
            {t('count', { n: links.length })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('unit')}</th>
                  <th scope="col">{t('survey')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('code')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('posters')}</th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">{t('retire')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {links.map((l) => (
                  <tr key={l.code}>
                    <td>
                      {l.unitName}
                      <br />
                      <small className="mono">{l.unit}</small>
                    </td>
                    <td>{l.surveyTitle}</td>
                    <td className="mono">{l.channel}</td>
                    <td>
                      <span className="mono">{l.code}</span>
                      <br />
                      <a href={l.url} target="_blank" rel="noopener noreferrer">
                        {t('open')}
                      </a>
                    </td>
                    <td>
                      {l.retiredAt ? (
                        <span className="badge bad">{t('retired', { date: formatDateTime(l.retiredAt, lang) })}</span>
                      ) : (
                        <span className="badge ok">{t('active')}</span>
                      )}
                      <br />
                      <small>
                        {t('createdAt')}: {formatDateTime(l.createdAt, lang)}
                      </small>
                    </td>
                    <td className="row-actions">
                      {(['pdf', 'png', 'svg'] as const).map((format) => (
                        <a
                          key={format}
                          className="button-link small"
                          href={poster(l, format)}
                          download
                          aria-label={`${t('posters')} ${format.toUpperCase()} ${size} ${l.unitName}`}
                        >
                          {format.toUpperCase()}
                        </a>
                      ))}
                    </td>
                    {canManage && (
                      <td>
                        {!l.retiredAt && (
                          <RetireButton
                            link={l}
                            onRetired={(code) => {
                              setNotice(t('retiredDone', { code }));
                              reload();
                            }}
                          />
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
