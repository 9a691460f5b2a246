import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CATEGORY_TEXT, CHANNEL_TEXT, FEEDBACK_CATEGORIES } from '../../../../domain/contract/feedback-codes.js';
import { ZFeedbackCreated } from '../../../../domain/contract/feedback.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { lang, t } from './i18n.js';

const CHANNELS = ['hotline', 'email', 'letter', 'in_person'] as const;

/** Staff enter feedback that came by hotline, e-mail, letter or in person; the channel is recorded. */
export function StaffEntry({ onDone }: { onDone: () => void }) {
  const l = lang();
  const queryClient = useQueryClient();
  const [unit, setUnit] = useState('');
  const [category, setCategory] = useState<string>('khac');
  const [channel, setChannel] = useState<string>('hotline');
  const [content, setContent] = useState('');
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [consent, setConsent] = useState(false);
  const save = useMutation({
    mutationFn: () => {
      const hasContact = Object.values(contact).some((v) => v.trim());
      return send(
        'POST',
        '/api/v1/feedback',
        { unit, category, channel, content, ...(hasContact ? { contact, consent } : {}) },
        ZFeedbackCreated,
      );
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['feedback'] }),
  });
  const errors = save.error ? fieldErrors(save.error) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="panel" onSubmit={submit}>
      <h2>{t('newItem')}</h2>
      <p className="field-hint">{t('newItemHint')}</p>
      <UnitPicker id="fb-unit" label={t('unit')} value={unit} onChange={setUnit} error={errors.unit} required />
      <div className="field">
        <label htmlFor="fb-category">{t('category')}</label>
        <select id="fb-category" value={category} onChange={(e) => setCategory(e.target.value)}>
          {FEEDBACK_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_TEXT[c][l]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fb-channel">{t('channel')}</label>
        <select id="fb-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {CHANNEL_TEXT[c][l]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fb-content">{t('content')}</label>
        <textarea id="fb-content" rows={4} value={content} onChange={(e) => setContent(e.target.value)} />
        {errors.content && <p className="field-error">{errors.content}</p>}
      </div>
      {(['name', 'phone', 'email'] as const).map((k) => (
        <div className="field" key={k}>
          <label htmlFor={`fb-c-${k}`}>{t(k)}</label>
          <input
            id={`fb-c-${k}`}
            value={contact[k]}
            onChange={(e) => setContact({ ...contact, [k]: e.target.value })}
          />
        </div>
      ))}
      <label className="check">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} /> {t('consent')}
      </label>
      {errors.consent && <p className="field-error">{errors.consent}</p>}
      <p role="status" className={save.error ? 'error' : 'muted'}>
        {save.error ? errorText(save.error) : save.data ? t('saved', { code: save.data.code }) : ''}
      </p>
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {t('save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
