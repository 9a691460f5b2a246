import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { SCHOOL_LEVEL_LABELS, SCHOOL_LEVELS } from '../../../../domain/contract/units.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { ZLink, ZLinksCreated } from '../../../../domain/contract/links.js';
import type { TSurvey } from '../../../../domain/contract/surveys.js';
import { currentLang } from '../../../shared/i18n.js';
import { ChannelField } from './channels.js';
import { t } from './i18n.js';

function SurveySelect(props: {
  id: string;
  surveys: TSurvey[];
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
}) {
  const lang = currentLang();
  return (
    <Field id={props.id} label={t('survey')} error={props.error}>
      {(aria) => (
        <select {...aria} value={props.value} onChange={(e) => props.onChange(e.target.value)} required>
          <option value="">{t('chooseSurvey')}</option>
          {props.surveys.map((s) => (
            <option key={s.slug} value={s.slug}>
              {(lang === 'en' && s.title.en) || s.title.vi}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Create a link for one unit, or for every matching unit at once. */
export function CreateLinks(props: { surveys: TSurvey[] }) {
  const open = props.surveys.filter((s) => s.currentVersion !== null);
  const [one, setOne] = useState({ survey: '', unit: '', channel: 'qr' });
  const [bulk, setBulk] = useState({ survey: '', level: '', ward: '', parent: '', channel: 'qr' });
  const queryClient = useQueryClient();
  // Either form reports in the one message line; each form shows its own field errors.
  const create = useMutation({
    mutationFn: async (which: 'one' | 'bulk'): Promise<string> => {
      if (which === 'one') {
        let fresh = false;
        const link = await send('POST', '/api/v1/links', one, ZLink, (res) => {
          fresh = res.status === 201;
        });
        return t(fresh ? 'created' : 'existing', { code: link.code, unit: link.unitName });
      }
      const body = {
        survey: bulk.survey,
        channel: bulk.channel,
        ...(bulk.level ? { level: bulk.level } : {}),
        ...(bulk.ward.trim() ? { ward: bulk.ward.trim() } : {}),
        ...(bulk.parent ? { parent: bulk.parent } : {}),
      };
      const res = await send('POST', '/api/v1/links/bulk', body, ZLinksCreated);
      return t('bulkDone', { created: res.created, existing: res.existing });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['links'] }),
  });
  const busy = create.isPending;
  const message = create.error
    ? { tone: 'bad', text: errorText(create.error) }
    : create.data
      ? { tone: 'ok', text: create.data }
      : null;
  const errors = {
    one: create.variables === 'one' ? fieldErrors(create.error) : {},
    bulk: create.variables === 'bulk' ? fieldErrors(create.error) : {},
  };

  function createOne(e: FormEvent) {
    e.preventDefault();
    create.mutate('one');
  }

  function createBulk(e: FormEvent) {
    e.preventDefault();
    create.mutate('bulk');
  }

  return (
    <>
      {message && (
        <p className={`notice ${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <form className="panel" onSubmit={createOne} noValidate aria-labelledby="create-one-title">
        <h2 id="create-one-title">{t('createOne')}</h2>
        <div className="form-grid">
          <SurveySelect
            id="one-survey"
            surveys={open}
            value={one.survey}
            onChange={(survey) => setOne((o) => ({ ...o, survey }))}
            error={errors.one.survey}
          />
          <UnitPicker
            id="one-unit"
            label={t('unit')}
            value={one.unit}
            onChange={(unit) => setOne((o) => ({ ...o, unit }))}
            error={errors.one.unit}
          />
          <ChannelField
            id="one-channel"
            value={one.channel}
            onChange={(channel) => setOne((o) => ({ ...o, channel }))}
            error={errors.one.channel}
            lang={currentLang()}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy || !one.survey || !one.unit}>
            {busy ? t('creating') : t('create')}
          </button>
        </div>
      </form>
      <form className="panel" onSubmit={createBulk} noValidate aria-labelledby="create-bulk-title">
        <h2 id="create-bulk-title">{t('createBulk')}</h2>
        <p className="lead">{t('bulkHint')}</p>
        <div className="form-grid">
          <SurveySelect
            id="bulk-survey"
            surveys={open}
            value={bulk.survey}
            onChange={(survey) => setBulk((b) => ({ ...b, survey }))}
            error={errors.bulk.survey}
          />
          <Field id="bulk-level" label={t('level')} error={errors.bulk.level}>
            {(aria) => (
              <select {...aria} value={bulk.level} onChange={(e) => setBulk((b) => ({ ...b, level: e.target.value }))}>
                <option value="">{t('all')}</option>
                {SCHOOL_LEVELS.map((v) => (
                  <option key={v} value={v}>
                    {SCHOOL_LEVEL_LABELS[v][currentLang()]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id="bulk-ward" label={t('ward')} error={errors.bulk.ward}>
            {(aria) => (
              <input {...aria} value={bulk.ward} onChange={(e) => setBulk((b) => ({ ...b, ward: e.target.value }))} />
            )}
          </Field>
          <UnitPicker
            id="bulk-parent"
            label={t('parent')}
            value={bulk.parent}
            onChange={(parent) => setBulk((b) => ({ ...b, parent }))}
            error={errors.bulk.parent}
          />
          <ChannelField
            id="bulk-channel"
            value={bulk.channel}
            onChange={(channel) => setBulk((b) => ({ ...b, channel }))}
            error={errors.bulk.channel}
            lang={currentLang()}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy || !bulk.survey}>
            {busy ? t('creating') : t('create')}
          </button>
        </div>
      </form>
    </>
  );
}
