import { lazy, Suspense } from 'react';
import type { TSurveyDefinition } from '../../../../domain/definition.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

// The phone form's own component, loaded only when a preview is opened.
const SurveyForm = lazy(() => import('../../../form/SurveyForm.js').then((m) => ({ default: m.SurveyForm })));

/** A definition shown exactly as the phone form renders it, in a phone-sized frame; nothing is sent. */
export function FormPreview({ definition, id = 'preview' }: { definition: TSurveyDefinition; id?: string }) {
  const lang = currentLang();
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('previewTitle')}</h2>
      <p className="preview-note">{t('previewNote')}</p>
      <div className="phone-frame" data-testid="form-preview">
        <p>
          <strong>{(lang === 'en' && definition.title.en) || definition.title.vi}</strong>
        </p>
        {definition.description && <p>{(lang === 'en' && definition.description.en) || definition.description.vi}</p>}
        <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
          <SurveyForm definition={definition} lang={lang} preview idPrefix={`${id}-`} />
        </Suspense>
      </div>
    </section>
  );
}
