import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ZInterviewList, type TInterviewList } from '../../../../domain/contract/interviews.js';
import { Field } from '../../components/Field.js';
import { ItemsSection } from '../../components/ItemsSection.js';
import { SurveyUnitForm, useSurveyUnit } from '../../components/SurveyUnitForm.js';
import { fieldErrors, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { setSearchParams } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';
import { ClosedBadge } from './CloseList.js';
import { InterviewForm } from './InterviewForm.js';
import { ListDetail } from './ListDetail.js';
import { listsQuery, parsePeople, rateText } from './queries.js';
import '../../components/admin-ui.css';
import './interviews.css';

function CreateList() {
  const queryClient = useQueryClient();
  const target = useSurveyUnit();
  const { survey, unit } = target;
  const [label, setLabel] = useState('');
  const [mode, setMode] = useState<'phone' | 'in_person'>('phone');
  const [people, setPeople] = useState('');
  const create = useMutation({
    mutationFn: () =>
      send(
        'POST',
        '/api/v1/interviews/lists',
        { survey, unit, label, mode, contacts: parsePeople(people) },
        ZInterviewList,
      ),
    onSuccess: async () => {
      setPeople('');
      await queryClient.invalidateQueries({ queryKey: ['interviews'] });
    },
  });
  const errors = fieldErrors(create.error);
  // A problem in one pasted line is reported as contacts.N.label: shown under the box, with its line number.
  const peopleError =
    errors.contacts ??
    Object.entries(errors)
      .filter(([k]) => k.startsWith('contacts.'))
      .map(([k, m]) => `${Number(k.split('.')[1]) + 1}: ${m}`)[0];
  return (
    <SurveyUnitForm
      id="iv"
      className="iv-card"
      title={t('createTitle')}
      submit={t('create')}
      t={t}
      target={target}
      mutation={create}
      errors={errors}
      status={
        create.data && <p role="status">{t('created', { label: create.data.label, n: create.data.progress.total })}</p>
      }
    >
      <Field id="iv-label" label={t('label')} hint={t('labelHint')} error={errors.label}>
        {(aria) => <input {...aria} value={label} maxLength={120} onChange={(e) => setLabel(e.target.value)} />}
      </Field>
      <Field id="iv-mode" label={t('mode')} error={errors.mode}>
        {(aria) => (
          <select {...aria} value={mode} onChange={(e) => setMode(e.target.value as 'phone' | 'in_person')}>
            <option value="phone">{t('phone')}</option>
            <option value="in_person">{t('in_person')}</option>
          </select>
        )}
      </Field>
      <Field id="iv-people" label={t('people')} hint={t('peopleHint')} error={peopleError}>
        {(aria) => <textarea {...aria} rows={6} value={people} onChange={(e) => setPeople(e.target.value)} />}
      </Field>
    </SurveyUnitForm>
  );
}

function ListItem({ list, canInterview }: { list: TInterviewList; canInterview: boolean }) {
  const p = list.progress;
  return (
    <li className="iv-card">
      <div>
        <strong>{list.label}</strong> · {t(list.mode)} {list.closedAt && <ClosedBadge />}
      </div>
      <div>
        {list.survey.title} — {list.unit.name}
      </div>
      <div className="field-hint">
        {t('progress', { attempted: p.attempted, total: p.total, completed: p.completed, refused: p.refused })} ·{' '}
        {formatDateTime(list.createdAt, currentLang())}
      </div>
      <div className="iv-rate" data-testid={`iv-rate-${list.id}`}>
        {rateText(list)}
      </div>
      {canInterview && (
        <div className="row-actions">
          <button type="button" className="small" onClick={() => setSearchParams({ list: String(list.id) })}>
            {t('open')}
          </button>
        </div>
      )}
    </li>
  );
}

/** Interviews (#12.4): lists of selected people, each call's outcome, and the interviewer's form. */
export default function InterviewsPage() {
  const { me } = useSession();
  const canInterview = hasAnyRole(me, ['admin', 'unit_manager']);
  const listParam = useUrlParam('list');
  const contactParam = useUrlParam('contact');
  const lists = useQuery(listsQuery);
  const listId = Number(listParam.value);
  const contactId = Number(contactParam.value);
  const open = canInterview && Number.isInteger(listId) && listId > 0;
  return (
    <div className="iv-page">
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      {open && Number.isInteger(contactId) && contactId > 0 ? (
        <InterviewForm
          key={contactId}
          listId={listId}
          contactId={contactId}
          onDone={() => setSearchParams({ contact: undefined })}
        />
      ) : open ? (
        <ListDetail listId={listId} onBack={() => setSearchParams({ list: undefined })} />
      ) : (
        <>
          {canInterview && <CreateList />}
          <ItemsSection
            id="iv-lists"
            title={t('listsTitle')}
            hint={t('rateHint')}
            query={{ ...lists, data: lists.data?.items }}
            text={{ loading: t('loading'), empty: t('empty') }}
            listClassName="iv-lists"
          >
            {(l) => <ListItem key={l.id} list={l} canInterview={canInterview} />}
          </ItemsSection>
        </>
      )}
    </div>
  );
}
