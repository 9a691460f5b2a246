import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  KIOSK_MIN_INTERVAL_DEFAULT,
  ZKiosk,
  ZKioskCreated,
  ZKioskList,
  type TKiosk,
} from '../../../../domain/contract/kiosks.js';
import { Field } from '../../components/Field.js';
import { ItemsSection } from '../../components/ItemsSection.js';
import { SurveyUnitForm, useSurveyUnit } from '../../components/SurveyUnitForm.js';
import { errorText, fieldErrors, get, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { unitsQuery } from '../../lib/queries.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';
import '../../components/admin-ui.css';
import './kiosks.css';

const kiosksQuery = queryOptions({
  queryKey: ['kiosks'],
  queryFn: ({ signal }) => get('/api/v1/kiosks', ZKioskList, signal),
});

function RegisterKiosk() {
  const queryClient = useQueryClient();
  const { data: units } = useQuery(unitsQuery());
  const target = useSurveyUnit();
  const { survey, unit } = target;
  const [label, setLabel] = useState('');
  const [interval, setMinInterval] = useState(String(KIOSK_MIN_INTERVAL_DEFAULT));
  const create = useMutation({
    mutationFn: () =>
      send(
        'POST',
        '/api/v1/kiosks',
        {
          survey,
          // The picker gives the unit's code; the API takes its id (0 when none is chosen: refused by field).
          unitId: units?.units.find((u) => u.code === unit)?.id ?? 0,
          label,
          minIntervalSeconds: Number(interval || '0'),
        },
        ZKioskCreated,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['kiosks'] }),
  });
  const errors = fieldErrors(create.error);
  return (
    <SurveyUnitForm
      id="kiosk"
      className="kiosk-card"
      title={t('registerTitle')}
      submit={t('register')}
      t={t}
      target={target}
      mutation={create}
      errors={errors}
      unitField="unitId"
      footer={
        create.data && (
          <div role="status" className="kiosk-created">
            <h3>{t('createdTitle', { label: create.data.kiosk.label })}</h3>
            <p>{t('createdHelp')}</p>
            {/* The server's QR SVG as an image: an <img> never runs what an SVG might carry. */}
            <img
              className="kiosk-qr"
              alt={t('qrLabel')}
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(create.data.qrSvg)}`}
            />
            <p className="kiosk-url">
              <a href={create.data.url} target="_blank" rel="noreferrer">
                {create.data.url}
              </a>
            </p>
          </div>
        )
      }
    >
      <Field id="kiosk-label" label={t('label')} hint={t('labelHint')} error={errors.label}>
        {(aria) => <input {...aria} value={label} maxLength={120} onChange={(e) => setLabel(e.target.value)} />}
      </Field>
      <Field id="kiosk-interval" label={t('interval')} hint={t('intervalHint')} error={errors.minIntervalSeconds}>
        {(aria) => (
          <input
            {...aria}
            inputMode="numeric"
            value={interval}
            onChange={(e) => setMinInterval(e.target.value.replace(/\D/g, ''))}
          />
        )}
      </Field>
    </SurveyUnitForm>
  );
}

function KioskItem({ kiosk }: { kiosk: TKiosk }) {
  const lang = currentLang();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () => send('POST', `/api/v1/kiosks/${kiosk.id}/revoke`, undefined, ZKiosk),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['kiosks'] }),
  });
  return (
    <li className="kiosk-item">
      <div>
        <strong>{kiosk.label}</strong>
        <div>
          {kiosk.unitName} · {kiosk.surveyTitle}
        </div>
        <div className="kiosk-meta">
          {t('answers', { n: kiosk.answers })}
          {kiosk.lastAnswerAt && ` · ${t('lastAnswer', { at: formatDateTime(kiosk.lastAnswerAt, lang) })}`}
          {' · '}
          {kiosk.revokedAt ? t('revoked', { at: formatDateTime(kiosk.revokedAt, lang) }) : t('active')}
        </div>
        {revoke.error && <p className="field-error">{errorText(revoke.error)}</p>}
      </div>
      {!kiosk.revokedAt && (
        <button
          type="button"
          disabled={revoke.isPending}
          onClick={() => {
            if (window.confirm(t('confirmRevoke', { label: kiosk.label }))) revoke.mutate();
          }}
        >
          {t('revoke')}
        </button>
      )}
    </li>
  );
}

export default function KiosksPage() {
  const kiosks = useQuery(kiosksQuery);
  return (
    <div className="kiosks-page">
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      <RegisterKiosk />
      <ItemsSection
        id="kiosk-list"
        className="kiosk-card"
        title={t('listTitle')}
        query={kiosks}
        text={{ loading: t('loading'), empty: t('empty') }}
        listClassName="kiosk-list"
      >
        {(k) => <KioskItem key={k.id} kiosk={k} />}
      </ItemsSection>
    </div>
  );
}
