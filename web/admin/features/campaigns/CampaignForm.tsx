import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ZCampaign, type TCampaign } from '../../../../domain/contract/campaigns.js';
import { ZLinkList } from '../../../../domain/contract/links.js';
import { decimal } from '../../../../domain/format.js';
import { suggestSampleSize } from '../../../../domain/sample-size.js';
import { Field } from '../../components/Field.js';
import { SurveySelect } from '../../components/SurveySelect.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { errorText, fieldErrors, get, query, send } from '../../lib/api.js';
import { unitsQuery } from '../../lib/queries.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

interface QuotaDraft {
  unit: string;
  quota: string;
}

/** A number typed the Vietnamese way ("1,5") or the English way ("1.5"); NaN when not a number. */
const typed = (s: string) => (s.trim() === '' ? NaN : Number(s.trim().replace(',', '.')));

/**
 * Create or edit a campaign: its dates, the wanted interval half-width, and a quota per unit. The
 * platform suggests each unit's n (domain/sample-size.ts, the unit's enrolment as its population
 * when known); the admin accepts it for all units or types another.
 */
export function CampaignForm(props: { campaign?: TCampaign; onDone: (saved?: TCampaign) => void }) {
  const { campaign } = props;
  const lang = currentLang();
  const queryClient = useQueryClient();
  const { data: unitData } = useQuery(unitsQuery());
  const [survey, setSurvey] = useState(campaign?.survey ?? '');
  const [name, setName] = useState(campaign?.name ?? '');
  const [opensOn, setOpensOn] = useState(campaign?.opensOn ?? '');
  const [closesOn, setClosesOn] = useState(campaign?.closesOn ?? '');
  // A new campaign starts from ±5 points; an edited one keeps what it has (possibly none).
  const [margin, setMargin] = useState(
    campaign ? (campaign.marginPoints === null ? '' : String(campaign.marginPoints)) : '5',
  );
  const [deff, setDeff] = useState(String(campaign?.designEffect ?? 1));
  const [quotas, setQuotas] = useState<QuotaDraft[]>(
    campaign?.quotas.map((q) => ({ unit: q.unit, quota: String(q.quota) })) ?? [],
  );
  const [picked, setPicked] = useState('');

  const units = useMemo(() => new Map((unitData?.units ?? []).map((u) => [u.code, u])), [unitData]);
  const m = typed(margin);
  const d = typed(deff);
  const suggest = (population?: number | null) => {
    const n = suggestSampleSize({ margin: m / 100, designEffect: Number.isFinite(d) ? d : 1, population });
    return Number.isFinite(n) ? n : undefined;
  };
  const general = suggest();
  const suggestFor = (code: string) => suggest(units.get(code)?.enrolment ?? null);

  const addUnits = (codes: string[]) =>
    setQuotas((current) => {
      const have = new Set(current.map((q) => q.unit));
      const fresh = codes
        .filter((c) => c && !have.has(c))
        .map((c) => ({ unit: c, quota: String(suggestFor(c) ?? '') }));
      return [...current, ...fresh];
    });

  // Every unit that has a link of the chosen survey: a campaign usually covers all of them.
  const addLinked = useMutation({
    mutationFn: () => get(`/api/v1/links${query({ survey: survey || campaign?.survey })}`, ZLinkList),
    onSuccess: (links) => addUnits([...new Set(links.filter((l) => !l.retiredAt).map((l) => l.unit))]),
  });

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        opensOn,
        closesOn,
        marginPoints: margin.trim() === '' ? null : m,
        designEffect: d,
        quotas: quotas.map((q) => ({ unit: q.unit, quota: typed(q.quota) })),
      };
      return campaign
        ? send('PUT', `/api/v1/campaigns/${campaign.id}`, body, ZCampaign)
        : send('POST', '/api/v1/campaigns', { ...body, survey }, ZCampaign);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      props.onDone(saved);
    },
  });
  const errors = fieldErrors(save.error);
  const quotaErrors = Object.keys(errors).filter((k) => k.startsWith('quotas'));

  return (
    <section className="panel" aria-labelledby="campaign-form-title">
      <h2 id="campaign-form-title">{campaign ? t('editTitle', { name: campaign.name }) : t('newTitle')}</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        {!campaign && (
          <SurveySelect
            id="campaign-survey"
            label={t('survey')}
            placeholder={t('chooseSurvey')}
            value={survey}
            onChange={setSurvey}
            error={errors.survey}
          />
        )}
        <Field id="campaign-name" label={t('name')} hint={t('nameHint')} error={errors.name}>
          {(aria) => <input {...aria} value={name} maxLength={160} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="form-grid">
          <Field id="campaign-opens" label={t('opensOn')} error={errors.opensOn}>
            {(aria) => <input {...aria} type="date" value={opensOn} onChange={(e) => setOpensOn(e.target.value)} />}
          </Field>
          <Field id="campaign-closes" label={t('closesOn')} error={errors.closesOn}>
            {(aria) => <input {...aria} type="date" value={closesOn} onChange={(e) => setClosesOn(e.target.value)} />}
          </Field>
          <Field id="campaign-margin" label={t('margin')} hint={t('marginHint')} error={errors.marginPoints}>
            {(aria) => (
              <input {...aria} inputMode="decimal" value={margin} onChange={(e) => setMargin(e.target.value)} />
            )}
          </Field>
          <Field id="campaign-deff" label={t('designEffect')} hint={t('designEffectHint')} error={errors.designEffect}>
            {(aria) => <input {...aria} inputMode="decimal" value={deff} onChange={(e) => setDeff(e.target.value)} />}
          </Field>
        </div>
        <p role="status" className="notice">
          {general === undefined ? t('noSuggestion') : t('suggestion', { n: decimal(general, 0, lang) })}
        </p>

        <h3>{t('quotas')}</h3>
        <div className="toolbar">
          <UnitPicker id="campaign-unit" label={t('addUnit')} value={picked} onChange={setPicked} />
          <button type="button" disabled={!picked} onClick={() => (addUnits([picked]), setPicked(''))}>
            {t('add')}
          </button>
          <button
            type="button"
            disabled={!(survey || campaign) || addLinked.isPending}
            onClick={() => addLinked.mutate()}
          >
            {t('addLinked')}
          </button>
          <button
            type="button"
            disabled={general === undefined || quotas.length === 0}
            onClick={() => setQuotas((qs) => qs.map((q) => ({ ...q, quota: String(suggestFor(q.unit) ?? q.quota) })))}
          >
            {t('applySuggestion')}
          </button>
        </div>
        {addLinked.error && <p className="field-error">{errorText(addLinked.error)}</p>}
        {quotas.length === 0 ? (
          <p>{t('noQuotas')}</p>
        ) : (
          <ul className="campaign-quotas">
            {quotas.map((q, i) => {
              const unitName = units.get(q.unit)?.name ?? q.unit;
              const error = errors[`quotas.${i}.quota`] ?? errors[`quotas.${i}.unit`];
              const hint = suggestFor(q.unit);
              return (
                <li key={q.unit} className="campaign-quota">
                  <span>
                    {unitName}
                    {hint !== undefined && (
                      <span className="campaign-meta"> · {t('suggestedFor', { n: decimal(hint, 0, lang) })}</span>
                    )}
                    {error && <span className="field-error"> {error}</span>}
                  </span>
                  <input
                    aria-label={t('quotaFor', { unit: unitName })}
                    aria-invalid={!!error}
                    inputMode="numeric"
                    value={q.quota}
                    onChange={(e) =>
                      setQuotas((qs) =>
                        qs.map((x, j) => (j === i ? { ...x, quota: e.target.value.replace(/\D/g, '') } : x)),
                      )
                    }
                  />
                  <button
                    type="button"
                    aria-label={t('removeUnit', { unit: unitName })}
                    onClick={() => setQuotas((qs) => qs.filter((_, j) => j !== i))}
                  >
                    {t('remove')}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        {errors.quotas && <p className="field-error">{errors.quotas}</p>}
        {save.error && Object.keys(errors).length === quotaErrors.length && quotaErrors.length === 0 && (
          <p className="field-error">{errorText(save.error)}</p>
        )}
        <div className="actions">
          <button type="submit" disabled={save.isPending}>
            {t('save')}
          </button>
          <button type="button" onClick={() => props.onDone()}>
            {t('cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
