import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { ListView, type Column } from '../../components/ListView.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { errorText, query, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import type { TLink } from '../../../../domain/contract/links.js';
import { surveysQuery } from '../../lib/queries.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { SCHOOL_LEVEL_LABELS, SCHOOL_LEVELS } from '../../../../domain/contract/units.js';
import { currentLang } from '../../../shared/i18n.js';
import { ShareLink } from './ShareLink.js';
import { channelLabel } from './channels.js';
import { PublicUrlWarning } from './PublicUrlWarning.js';
import { CreateLinks } from './CreateLinks.js';
import { t } from './i18n.js';
import { linksQuery } from './queries.js';
import '../../components/admin-ui.css';

function RetireButton({ link, onRetired }: { link: TLink; onRetired: (code: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const retire = useMutation({
    mutationFn: () => send('POST', `/api/v1/links/${encodeURIComponent(link.code)}/retire`),
    onSuccess: () => {
      onRetired(link.code);
      return queryClient.invalidateQueries({ queryKey: ['links'] });
    },
  });
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
      {retire.error && <p className="field-error">{errorText(retire.error)}</p>}
      <div className="row-actions">
        <button type="button" className="small danger" disabled={retire.isPending} onClick={() => retire.mutate()}>
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
  const survey = useUrlParam('survey');
  const unit = useUrlParam('unit', { debounceMs: 300 });
  const level = useUrlParam('level');
  const ward = useUrlParam('ward', { debounceMs: 300 });
  const includeRetired = useUrlParam('includeRetired');
  const filter = {
    survey: survey.value,
    unit: unit.value,
    level: level.value,
    ward: ward.value,
    includeRetired: includeRetired.value === 'true' ? 'true' : '',
  };
  const size = search.get('size') === 'A5' ? 'A5' : 'A4';
  const creating = search.get('create') === '1';
  const [notice, setNotice] = useState<string | null>(null);

  const surveys = useQuery(surveysQuery);
  const list = useQuery({ ...linksQuery(filter), placeholderData: keepPreviousData });
  const batchUrl = `/api/v1/posters.pdf${query({ ...filter, includeRetired: undefined, size })}`;
  const poster = (l: TLink, format: 'pdf' | 'png' | 'svg') =>
    `/api/v1/links/${encodeURIComponent(l.code)}/poster.${format}?size=${size}`;

  const columns: Column<TLink>[] = [
    {
      header: t('unit'),
      cell: (l) => (
        <>
          {l.unitName}
          <br />
          <small className="mono">{l.unit}</small>
        </>
      ),
    },
    { header: t('survey'), cell: (l) => l.surveyTitle },
    { header: t('channel'), cell: (l) => channelLabel(l.channel, lang) },
    {
      header: t('code'),
      cell: (l) => (
        <>
          <span className="mono">{l.code}</span>
          <br />
          <a href={l.url} target="_blank" rel="noopener noreferrer">
            {t('open')}
          </a>
          {canManage && !l.retiredAt && <ShareLink link={l} />}
        </>
      ),
    },
    {
      header: t('status'),
      cell: (l) => (
        <>
          {l.retiredAt ? (
            <span className="badge bad">{t('retired', { date: formatDateTime(l.retiredAt, lang) })}</span>
          ) : (
            <span className="badge ok">{t('active')}</span>
          )}
          <br />
          <small>
            {t('createdAt')}: {formatDateTime(l.createdAt, lang)}
          </small>
        </>
      ),
    },
    {
      header: t('posters'),
      cell: (l) => (
        <div className="row-actions">
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
        </div>
      ),
    },
  ];
  if (canManage) {
    columns.push({
      header: <span className="visually-hidden">{t('retire')}</span>,
      cell: (l) =>
        !l.retiredAt && <RetireButton link={l} onRetired={(code) => setNotice(t('retiredDone', { code }))} />,
    });
  }

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
      <PublicUrlWarning />

      {creating && canManage && surveys.data && <CreateLinks surveys={surveys.data.surveys} />}
      {notice && (
        <p className="notice ok" role="status">
          {notice}
        </p>
      )}

      <ListView
        filters={
          <>
            <Field id="links-survey" label={t('survey')}>
              {(aria) => (
                <select {...aria} value={survey.draft} onChange={(e) => survey.set(e.target.value)}>
                  <option value="">{t('all')}</option>
                  {surveys.data?.surveys.map((s) => (
                    <option key={s.slug} value={s.slug}>
                      {(lang === 'en' && s.title.en) || s.title.vi}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <UnitPicker id="links-unit" label={t('unit')} value={unit.draft} onChange={unit.set} />
            <Field id="links-level" label={t('level')}>
              {(aria) => (
                <select {...aria} value={level.draft} onChange={(e) => level.set(e.target.value)}>
                  <option value="">{t('all')}</option>
                  {SCHOOL_LEVELS.map((v) => (
                    <option key={v} value={v}>
                      {SCHOOL_LEVEL_LABELS[v][lang]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="links-ward" label={t('ward')}>
              {(aria) => <input {...aria} value={ward.draft} onChange={(e) => ward.set(e.target.value)} />}
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
                checked={includeRetired.draft === 'true'}
                onChange={(e) => includeRetired.set(e.target.checked ? 'true' : '')}
              />{' '}
              {t('includeRetired')}
            </label>
          </>
        }
        query={list}
        rows={(links) => links}
        loading={t('loading')}
        empty={Object.values(filter).some(Boolean) ? t('empty') : t('emptyAll')}
        actions={() => (
          <div className="actions">
            <a className="button-link" href={batchUrl} download>
              {t('batch')} · {size}
            </a>
            <span className="field-hint">{t('batchHint')}</span>
          </div>
        )}
        count={(links) => t('count', { n: links.length })}
        columns={columns}
        rowKey={(l) => l.code}
      />
    </section>
  );
}
