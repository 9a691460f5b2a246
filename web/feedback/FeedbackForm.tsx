import { useEffect, useState, type FormEvent } from 'react';
import { CATEGORY_TEXT, FEEDBACK_CATEGORIES, type TFeedbackCategory } from '../../domain/contract/feedback-codes.js';
import type { TFeedbackSubmissionBody } from '../../domain/contract/feedback.js';
import type { Lang } from '../shared/i18n.js';
import type { T } from './i18n.js';
import { shrinkPhoto } from './photos.js';
import { UnitSearch, type UnitChoice } from './UnitSearch.js';

/** One id per attempt, kept until the server confirms, so a retry after a lost answer is a replay (200), never a second item. */
const PENDING_KEY = 'hl_feedback_pending_id';

function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain http on a school's network is not one.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function pendingId(): string {
  try {
    const saved = sessionStorage.getItem(PENDING_KEY);
    if (saved) return saved;
    const id = newId();
    sessionStorage.setItem(PENDING_KEY, id);
    return id;
  } catch {
    return newId();
  }
}

type Errors = Partial<Record<'category' | 'unit' | 'content' | 'consent' | 'photos' | 'form', string>>;

export function FeedbackForm({ t, lang, onSent }: { t: T; lang: Lang; onSent: (code: string) => void }) {
  const params = new URLSearchParams(location.search);
  const [category, setCategory] = useState<TFeedbackCategory | null>(null);
  const [unit, setUnit] = useState<UnitChoice | null>(null);
  const [content, setContent] = useState(params.get('text') ?? '');
  const [photos, setPhotos] = useState<string[]>([]);
  const [contact, setContact] = useState({ name: '', phone: '', email: '' });
  const [consent, setConsent] = useState(false);
  const [website, setWebsite] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [sending, setSending] = useState(false);
  const responseId = params.get('response') ?? undefined;

  // /phan-anh?unit=CODE (from the survey's thank-you screen or a poster) starts with that unit chosen.
  useEffect(() => {
    const code = params.get('unit');
    if (!code) return;
    fetch(`/api/v1/public/units?q=${encodeURIComponent(code)}`)
      .then((r) => (r.ok ? (r.json() as Promise<{ units: UnitChoice[] }>) : { units: [] }))
      .then((d) => {
        const found = d.units.find((u) => u.code.toUpperCase() === code.toUpperCase());
        if (found) setUnit({ code: found.code, name: found.name });
      })
      .catch(() => undefined);
    // Once, on load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const hasContact = Object.values(contact).some((v) => v.trim() !== '');

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const room = 3 - photos.length;
    const next: string[] = [];
    for (const file of [...files].slice(0, room)) {
      const data = await shrinkPhoto(file);
      if (!data) {
        setErrors((e) => ({ ...e, photos: t('photoBad') }));
        continue;
      }
      next.push(data);
    }
    setPhotos((p) => [...p, ...next].slice(0, 3));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = {};
    if (!category) found.category = t('chooseCategory');
    if (!unit) found.unit = t('chooseUnit');
    if (content.trim().length < 10) found.content = t('tooShort');
    if (hasContact && !consent) found.consent = t('consentNeeded');
    setErrors(found);
    if (Object.keys(found).length > 0 || !category || !unit) return;
    const body: TFeedbackSubmissionBody = {
      id: pendingId(),
      unit: unit.code,
      category,
      content: content.trim(),
      ...(hasContact ? { contact: { ...contact }, consent } : {}),
      ...(photos.length > 0 ? { photos } : {}),
      ...(responseId ? { responseId } : {}),
      ...(website ? { website } : {}),
    };
    setSending(true);
    try {
      const res = await fetch('/api/v1/public/feedback', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const data = (await res.json().catch(() => ({}))) as {
        code?: string;
        fields?: Array<{ path: string; message: string }>;
      };
      if ((res.status === 200 || res.status === 201) && data.code) {
        try {
          sessionStorage.removeItem(PENDING_KEY);
        } catch {
          // nothing kept
        }
        onSent(data.code);
        return;
      }
      if (res.status === 400) {
        const fieldErrors: Errors = { form: t('invalid') };
        for (const f of data.fields ?? []) {
          const key = f.path.replace(/^body\./, '').split('.')[0];
          // Contact problems are shown next to the consent box, the end of the contact block.
          const field: keyof Errors = key === 'contact' ? 'consent' : (key as keyof Errors);
          fieldErrors[field] = f.message;
        }
        setErrors(fieldErrors);
      } else setErrors({ form: res.status === 429 ? t('limited') : t('failed') });
    } catch {
      setErrors({ form: t('failed') });
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <fieldset className="field">
        <legend className="label">{t('category')}</legend>
        <div className="choices">
          {FEEDBACK_CATEGORIES.map((c) => (
            <label key={c} className={`choice${category === c ? ' on' : ''}`}>
              <input type="radio" name="category" value={c} checked={category === c} onChange={() => setCategory(c)} />
              {CATEGORY_TEXT[c][lang]}
            </label>
          ))}
        </div>
        {errors.category && <p className="error">{errors.category}</p>}
      </fieldset>

      <UnitSearch t={t} value={unit} onChange={setUnit} error={errors.unit} />

      <div className="field">
        <label htmlFor="fb-content">{t('content')}</label>
        <textarea
          id="fb-content"
          rows={6}
          maxLength={4000}
          value={content}
          aria-invalid={errors.content ? true : undefined}
          onChange={(e) => setContent(e.target.value)}
        />
        <p className="hint">{t('contentHint')}</p>
        {errors.content && <p className="error">{errors.content}</p>}
      </div>

      <div className="field">
        <label htmlFor="fb-photos">{t('photos')}</label>
        {photos.length < 3 && (
          <input
            id="fb-photos"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            multiple
            onChange={(e) => void addPhotos(e.target.files)}
          />
        )}
        <p className="hint">{t('photosHint')}</p>
        {photos.length > 0 && (
          <ul className="thumbs">
            {photos.map((p, i) => (
              <li key={i}>
                <img src={p} alt="" />
                <button type="button" className="link" onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>
                  {t('photoRemove', { n: i + 1 })}
                </button>
              </li>
            ))}
          </ul>
        )}
        {errors.photos && <p className="error">{errors.photos}</p>}
      </div>

      <fieldset className="field contact">
        <legend className="label">{t('contactTitle')}</legend>
        <p className="hint">{t('contactHint')}</p>
        {(['name', 'phone', 'email'] as const).map((k) => (
          <div key={k} className="sub">
            <label htmlFor={`fb-${k}`}>{t(k)}</label>
            <input
              id={`fb-${k}`}
              type={k === 'email' ? 'email' : k === 'phone' ? 'tel' : 'text'}
              autoComplete={k === 'name' ? 'name' : k === 'phone' ? 'tel' : 'email'}
              value={contact[k]}
              onChange={(e) => setContact({ ...contact, [k]: e.target.value })}
            />
          </div>
        ))}
        {hasContact && (
          <label className="consent">
            <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
            <span>{t('consent')}</span>
          </label>
        )}
        {errors.consent && <p className="error">{errors.consent}</p>}
      </fieldset>

      {/* Honeypot: hidden from people and screen readers; a bot that fills it is set aside. */}
      <div className="hp" aria-hidden="true">
        <label htmlFor="fb-website">Website</label>
        <input
          id="fb-website"
          tabIndex={-1}
          autoComplete="off"
          value={website}
          onChange={(e) => setWebsite(e.target.value)}
        />
      </div>

      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={sending}>
        {sending ? t('sending') : t('send')}
      </button>
    </form>
  );
}
