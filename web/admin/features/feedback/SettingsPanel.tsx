import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CATEGORY_TEXT, FEEDBACK_CATEGORIES } from '../../../../domain/contract/feedback-codes.js';
import { ZFeedbackSettings, type TFeedbackSettings } from '../../../../domain/contract/feedback.js';
import { errorText, get, send } from '../../lib/api.js';
import { formatDay } from './ItemDetail.js';
import { lang, t } from './i18n.js';

const settingsQuery = {
  queryKey: ['feedback', 'settings'],
  queryFn: ({ signal }: { signal: AbortSignal }) => get('/api/v1/feedback/settings', ZFeedbackSettings, signal),
};

function Form({ settings }: { settings: TFeedbackSettings }) {
  const l = lang();
  const queryClient = useQueryClient();
  const [deadlines, setDeadlines] = useState(settings.deadlines);
  const [months, setMonths] = useState(settings.retentionMonths);
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<'off' | 'working'>('off');
  const [name, setName] = useState('');
  const done = () => queryClient.invalidateQueries({ queryKey: ['feedback', 'settings'] });
  const save = useMutation({
    mutationFn: () =>
      send('PUT', '/api/v1/feedback/settings', { deadlines, retentionMonths: months }, ZFeedbackSettings),
    onSuccess: done,
  });
  const addDay = useMutation({
    mutationFn: () => send('PUT', `/api/v1/feedback/settings/calendar/${day}`, { kind, name }, ZFeedbackSettings),
    onSuccess: () => {
      setDay('');
      setName('');
      return done();
    },
  });
  const removeDay = useMutation({
    mutationFn: (d: string) => send('DELETE', `/api/v1/feedback/settings/calendar/${d}`, undefined, ZFeedbackSettings),
    onSuccess: done,
  });
  const error = save.error ?? addDay.error ?? removeDay.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <div>
      <form onSubmit={submit}>
        <h3>{t('deadlines')}</h3>
        {FEEDBACK_CATEGORIES.map((c) => (
          <div className="field" key={c}>
            <label htmlFor={`fb-dl-${c}`}>{CATEGORY_TEXT[c][l]}</label>
            <input
              id={`fb-dl-${c}`}
              type="number"
              min={1}
              max={60}
              value={deadlines[c] ?? ''}
              onChange={(e) => setDeadlines({ ...deadlines, [c]: Number(e.target.value) })}
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor="fb-retention">{t('retention')}</label>
          <input
            id="fb-retention"
            type="number"
            min={1}
            max={120}
            value={months}
            onChange={(e) => setMonths(Number(e.target.value))}
          />
        </div>
        <button type="submit" disabled={save.isPending}>
          {t('saveSettings')}
        </button>
      </form>
      <h3>{t('calendar')}</h3>
      <p className="field-hint">{t('calendarHint')}</p>
      <ul>
        {settings.calendar.map((d) => (
          <li key={d.day}>
            {formatDay(d.day)} · {d.kind === 'off' ? t('dayOff') : t('dayWorking')} · {d.name}{' '}
            <button type="button" className="secondary" onClick={() => removeDay.mutate(d.day)}>
              {t('remove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="toolbar">
        <label className="field">
          <span>{t('day')}</span>
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('dayKind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value === 'working' ? 'working' : 'off')}>
            <option value="off">{t('dayOff')}</option>
            <option value="working">{t('dayWorking')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('dayName')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="button" disabled={!day || !name.trim() || addDay.isPending} onClick={() => addDay.mutate()}>
          {t('addDay')}
        </button>
      </div>
      <p role="status" className={error ? 'error' : 'muted'}>
        {error ? errorText(error) : save.isSuccess ? t('done') : ''}
      </p>
    </div>
  );
}

/** Admins: deadlines per category, retention of contact details, and the extra days of the calendar. */
export function SettingsPanel() {
  const { data } = useQuery(settingsQuery);
  return (
    <details className="panel">
      <summary>{t('settings')}</summary>
      {data ? <Form key={JSON.stringify(data)} settings={data} /> : <p className="muted">{t('loading')}</p>}
    </details>
  );
}
