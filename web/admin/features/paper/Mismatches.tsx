import { useQuery } from '@tanstack/react-query';
import type { TPaperDifference } from '../../../../domain/contract/paper.js';
import { errorText } from '../../lib/api.js';
import { t } from './i18n.js';
import { checksQuery } from './queries.js';

const shown = (v: TPaperDifference['first']) =>
  v === null ? t('blank') : v === true ? t('yes') : v === false ? t('no') : v === 'na' ? t('na') : String(v);

/** "Câu 3. …: lần 1 = 4, lần 2 = 5" — what the operator compares with the paper. */
export function differenceText(d: TPaperDifference): string {
  return t('difference', { question: d.question, first: shown(d.first), second: shown(d.second) });
}

/** The sheets of a batch whose two typings differ, to be resolved against the paper. */
export function Mismatches({ batchId }: { batchId: number }) {
  const { data, error } = useQuery(checksQuery(batchId));
  if (error) return <p className="field-error">{errorText(error)}</p>;
  if (!data) return null;
  return (
    <section aria-labelledby="paper-mismatches-title" className="paper-card">
      <h3 id="paper-mismatches-title">{t('mismatchesTitle')}</h3>
      <p>{t('mismatchesCount', { checked: data.checked, n: data.mismatches.length })}</p>
      <ul className="paper-differences">
        {data.mismatches.map((m) => (
          <li key={m.serial}>
            <strong>{t('sheet', { serial: m.serial })}</strong>
            <ul>
              {m.differences.map((d) => (
                <li key={d.key}>{differenceText(d)}</li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
