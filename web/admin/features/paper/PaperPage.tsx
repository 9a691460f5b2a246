import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ZPaperBatch, type TPaperBatch } from '../../../../domain/contract/paper.js';
import { Field } from '../../components/Field.js';
import { ItemsSection } from '../../components/ItemsSection.js';
import { SurveyUnitForm, useSurveyUnit } from '../../components/SurveyUnitForm.js';
import { fieldErrors, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { setSearchParams } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { currentLang } from '../../../shared/i18n.js';
import { EntryForm } from './EntryForm.js';
import { t } from './i18n.js';
import { batchesQuery } from './queries.js';
import '../../components/admin-ui.css';
import './paper.css';

function PrintBatch() {
  const queryClient = useQueryClient();
  const target = useSurveyUnit();
  const { survey, unit } = target;
  const [sheets, setSheets] = useState('50');
  const create = useMutation({
    mutationFn: () => send('POST', '/api/v1/paper/batches', { survey, unit, sheets: Number(sheets) }, ZPaperBatch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['paper'] }),
  });
  const errors = fieldErrors(create.error);
  return (
    <SurveyUnitForm
      id="paper"
      className="paper-card"
      title={t('printTitle')}
      submit={t('create')}
      t={t}
      target={target}
      mutation={create}
      errors={errors}
      status={
        create.data && (
          <p role="status">
            {t('created', { id: create.data.id, from: create.data.firstSerial, to: create.data.lastSerial })}{' '}
            <a href={`/api/v1/paper/batches/${create.data.id}/sheets.pdf`} target="_blank" rel="noreferrer">
              {t('pdf')}
            </a>
          </p>
        )
      }
    >
      <Field id="paper-sheets" label={t('sheets')} hint={t('sheetsHint')} error={errors.sheets}>
        {(aria) => (
          <input
            {...aria}
            inputMode="numeric"
            value={sheets}
            onChange={(e) => setSheets(e.target.value.replace(/\D/g, ''))}
          />
        )}
      </Field>
    </SurveyUnitForm>
  );
}

function BatchItem(props: { batch: TPaperBatch; canEnter: boolean; onEnter: () => void; onCheck: () => void }) {
  const { batch, canEnter, onEnter } = props;
  const lang = currentLang();
  return (
    <li className="paper-batch">
      <div>
        <strong>{t('batch', { id: batch.id })}</strong> · {batch.survey.title}
      </div>
      <div>{batch.unit.name}</div>
      <div className="field-hint">
        {t('serials', { from: batch.firstSerial, to: batch.lastSerial })} ·{' '}
        {t('progress', { entered: batch.entered, sheets: batch.sheets })} · {formatDateTime(batch.createdAt, lang)}
      </div>
      <div className="row-actions">
        <a href={`/api/v1/paper/batches/${batch.id}/sheets.pdf`} target="_blank" rel="noreferrer">
          {t('pdf')}
        </a>
        {canEnter && batch.entered < batch.sheets && (
          <button
            type="button"
            className="small"
            onClick={onEnter}
            aria-label={`${t('enter')} — ${t('batch', { id: batch.id })}`}
          >
            {t('enter')}
          </button>
        )}
        {canEnter && batch.entered > 0 && (
          <button type="button" className="small secondary" onClick={props.onCheck}>
            {t('check')}
          </button>
        )}
      </div>
    </li>
  );
}

/** Paper questionnaires (#12.3): print numbered batches, and type the returned sheets in. */
export default function PaperPage() {
  const { me } = useSession();
  const canEnter = hasAnyRole(me, ['admin', 'unit_manager']);
  const entering = useUrlParam('batch');
  const mode = useUrlParam('mode');
  const batches = useQuery(batchesQuery);
  const batchId = Number(entering.value);
  return (
    <div className="paper-page">
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      {canEnter && Number.isInteger(batchId) && batchId > 0 ? (
        <EntryForm
          key={`${batchId}-${mode.value}`}
          batchId={batchId}
          check={mode.value === 'check'}
          onClose={() => setSearchParams({ batch: undefined, mode: undefined })}
        />
      ) : (
        <>
          {canEnter && <PrintBatch />}
          <ItemsSection
            id="paper-batches"
            title={t('batchesTitle')}
            query={{ ...batches, data: batches.data?.items }}
            text={{ loading: t('loading'), empty: t('empty') }}
            listClassName="paper-batches"
          >
            {(b) => (
              <BatchItem
                key={b.id}
                batch={b}
                canEnter={canEnter}
                onEnter={() => setSearchParams({ batch: String(b.id), mode: undefined })}
                onCheck={() => setSearchParams({ batch: String(b.id), mode: 'check' })}
              />
            )}
          </ItemsSection>
        </>
      )}
    </div>
  );
}
