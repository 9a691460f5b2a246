import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import {
  ZInterviewContact,
  ZInterviewList,
  type TInterviewContact,
  type TInterviewOutcome,
} from '../../../../domain/contract/interviews.js';
import { Field } from '../../components/Field.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { setSearchParams } from '../../lib/router.js';
import { currentLang } from '../../../shared/i18n.js';
import { ClosedBadge, CloseList } from './CloseList.js';
import { t } from './i18n.js';
import { listQuery, parsePeople, rateText } from './queries.js';

type Action = 'refuse' | 'callback' | null;

/** The small form under a person for a refusal's reason or a call-back's time: its field, save and cancel. */
function OutcomeForm(props: {
  submit: string;
  pending: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="iv-inline"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
    >
      {props.children}
      <div className="row-actions">
        <button type="submit" disabled={props.pending}>
          {props.submit}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** One selected person: how to reach them, where things stand, and the outcome buttons of a call. */
function ContactItem(props: { contact: TInterviewContact; listClosed: boolean; onRecorded: (text: string) => void }) {
  const { contact, listClosed, onRecorded } = props;
  const queryClient = useQueryClient();
  const lang = currentLang();
  const [action, setAction] = useState<Action>(null);
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState('');
  const [localError, setLocalError] = useState('');
  const record = useMutation({
    mutationFn: (body: TInterviewOutcome) =>
      send('POST', `/api/v1/interviews/contacts/${contact.id}/outcome`, body, ZInterviewContact),
    onSuccess: async (c) => {
      setAction(null);
      onRecorded(t('recorded', { label: c.label, status: t(c.status) }));
      await queryClient.invalidateQueries({ queryKey: ['interviews'] });
    },
  });
  const errors = fieldErrors(record.error);
  const open = contact.status !== 'completed' && contact.status !== 'refused';
  const id = `iv-c-${contact.id}`;
  return (
    <li className={`iv-contact iv-${contact.status}`} data-testid={id}>
      <div>
        <strong>
          {contact.position}. {contact.label}
        </strong>{' '}
        <span className="iv-status">{t(contact.status)}</span>
      </div>
      {contact.contact && (
        <div>
          <a href={`tel:${contact.contact.replace(/[^\d+]/g, '')}`}>{contact.contact}</a>
        </div>
      )}
      <div className="field-hint">
        {t('attempts', { n: contact.attempts })}
        {contact.callbackAt && ` · ${t('callbackAt', { at: formatDateTime(contact.callbackAt, lang) })}`}
        {contact.refusalReason && ` · ${contact.refusalReason}`}
      </div>
      {open && (
        <div className="row-actions">
          <button type="button" disabled={listClosed} onClick={() => setSearchParams({ contact: String(contact.id) })}>
            {t('interview')}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={listClosed || record.isPending}
            onClick={() => record.mutate({ outcome: 'not_reached' })}
          >
            {t('notReached')}
          </button>
          <button type="button" className="secondary" disabled={listClosed} onClick={() => setAction('callback')}>
            {t('callback')}
          </button>
          <button type="button" className="secondary" disabled={listClosed} onClick={() => setAction('refuse')}>
            {t('refuse')}
          </button>
        </div>
      )}
      {action === 'refuse' && !listClosed && (
        <OutcomeForm
          submit={t('saveRefusal')}
          pending={record.isPending}
          onCancel={() => setAction(null)}
          onSubmit={() => record.mutate({ outcome: 'refused', reason: reason.trim() || undefined })}
        >
          <Field id={`${id}-reason`} label={t('reason')} error={errors.reason}>
            {(aria) => <input {...aria} value={reason} maxLength={300} onChange={(e) => setReason(e.target.value)} />}
          </Field>
        </OutcomeForm>
      )}
      {action === 'callback' && !listClosed && (
        <OutcomeForm
          submit={t('saveCallback')}
          pending={record.isPending}
          onCancel={() => setAction(null)}
          onSubmit={() => {
            const at = when ? new Date(when) : null;
            if (!at || Number.isNaN(at.getTime())) {
              setLocalError(t('whenMissing'));
              return;
            }
            setLocalError('');
            record.mutate({ outcome: 'callback', callbackAt: at.toISOString() });
          }}
        >
          <Field id={`${id}-when`} label={t('when')} error={localError || errors.callbackAt}>
            {(aria) => <input {...aria} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />}
          </Field>
        </OutcomeForm>
      )}
      {record.error && !Object.keys(errors).length && (
        <p className="field-error" role="alert">
          {errorText(record.error)}
        </p>
      )}
    </li>
  );
}

function AddPeople({ listId }: { listId: number }) {
  const queryClient = useQueryClient();
  const [people, setPeople] = useState('');
  const add = useMutation({
    mutationFn: () =>
      send('POST', `/api/v1/interviews/lists/${listId}/contacts`, { contacts: parsePeople(people) }, ZInterviewList),
    onSuccess: async () => {
      setPeople('');
      await queryClient.invalidateQueries({ queryKey: ['interviews'] });
    },
  });
  const errors = fieldErrors(add.error);
  const error = errors.contacts ?? Object.values(errors)[0] ?? (add.error ? errorText(add.error) : undefined);
  return (
    <details className="iv-card">
      <summary>{t('addTitle')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Field id="iv-add-people" label={t('people')} hint={t('peopleHint')} error={error}>
          {(aria) => <textarea {...aria} rows={4} value={people} onChange={(e) => setPeople(e.target.value)} />}
        </Field>
        <button type="submit" disabled={add.isPending}>
          {t('add')}
        </button>
      </form>
    </details>
  );
}

/** A list's people in order, with the response rate so far. */
export function ListDetail({ listId, onBack }: { listId: number; onBack: () => void }) {
  const { data: list, error } = useQuery(listQuery(listId));
  const [notice, setNotice] = useState('');
  if (error) return <p className="field-error">{errorText(error)}</p>;
  if (!list) return <p>{t('loading')}</p>;
  const p = list.progress;
  const closed = list.closedAt !== null;
  return (
    <section aria-labelledby="iv-list-title">
      <button type="button" className="secondary small" onClick={onBack}>
        {t('back')}
      </button>
      <h2 id="iv-list-title">
        {list.label} {closed && <ClosedBadge />}
      </h2>
      <p>
        {list.survey.title} — {list.unit.name} · {t(list.mode)}
      </p>
      <p className="iv-rate" data-testid="iv-list-rate">
        {rateText(list)} ·{' '}
        {t('progress', { attempted: p.attempted, total: p.total, completed: p.completed, refused: p.refused })}
      </p>
      {notice && (
        <p role="status" className="iv-notice">
          {notice}
        </p>
      )}
      <ol className="iv-contacts">
        {list.contacts.map((c) => (
          <ContactItem key={c.id} contact={c} listClosed={closed} onRecorded={setNotice} />
        ))}
      </ol>
      {!closed && <AddPeople listId={list.id} />}
      <CloseList list={list} />
    </section>
  );
}
