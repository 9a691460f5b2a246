import { t, tDynamic, type BuilderKey } from './i18n.js';

/** Field names of a problem's path said as the editor labels them, never as the JSON's own names. */
const FIELD: Record<string, BuilderKey> = {
  slug: 'slug',
  kind: 'kind',
  level: 'level',
  title: 'pathTitle',
  description: 'pathDescription',
  audience: 'pathAudience',
  target: 'target',
  minSecondsToComplete: 'minSeconds',
  allowComment: 'allowComment',
  criteria: 'criteriaTitle',
  questions: 'questionsTitle',
  key: 'pathKey',
  criterion: 'criterion',
  type: 'type',
  text: 'pathText',
  help: 'pathHelp',
  required: 'required',
  options: 'options',
  value: 'optionValue',
  label: 'pathLabel',
  vi: 'pathVi',
  en: 'pathEn',
};

/** "questions[1].options[0].label.vi" → "Câu 2 › Phương án 1 › Nội dung › tiếng Việt". */
export function pathLabel(path: string): string {
  if (!path) return t('pathWhole');
  const parts: string[] = [];
  for (const m of path.matchAll(/([A-Za-z]+)(?:\[(\d+)\])?/g)) {
    const [, name, index] = m;
    if (index !== undefined && name === 'questions') parts.push(t('question', { n: Number(index) + 1 }));
    else if (index !== undefined && name === 'criteria') parts.push(t('pathCriterion', { n: Number(index) + 1 }));
    else if (index !== undefined && name === 'options') parts.push(t('pathOption', { n: Number(index) + 1 }));
    else if (name === 'title' && parts.length > 0) parts.push(t('pathCriterionTitle'));
    else parts.push(FIELD[name!] ? t(FIELD[name!]!) : tDynamic(`setting_${name}`));
  }
  return parts.join(' › ');
}
