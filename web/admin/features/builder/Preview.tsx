import { lazy, Suspense } from 'react';
import type { TSurveyDefinition } from '../../../../domain/definition.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

// The phone form's own component (web/form), loaded only when a preview is opened: what is shown is
// what a phone shows. In preview mode it never submits, so nothing is recorded.
const SurveyForm = lazy(() => import('../../../form/SurveyForm.js').then((m) => ({ default: m.SurveyForm })));

export function Preview({ definition }: { definition: TSurveyDefinition }) {
  const lang = currentLang();
  return (
    <section className="panel" aria-labelledby="b-preview-title">
      <h2 id="b-preview-title">{t('preview')}</h2>
      <p className="b-muted">{t('previewNote')}</p>
      <div className="b-phone" data-testid="b-preview">
        <p>
          <strong>{(lang === 'en' && definition.title.en) || definition.title.vi}</strong>
        </p>
        {definition.description && <p>{(lang === 'en' && definition.description.en) || definition.description.vi}</p>}
        <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
          <SurveyForm definition={definition} lang={lang} preview idPrefix="b-preview-" />
        </Suspense>
      </div>
    </section>
  );
}
