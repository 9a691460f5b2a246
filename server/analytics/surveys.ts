import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';

/**
 * Which surveys a request is about: a survey slug, a family of surveys pooled together, or every
 * survey (reports). Shared by analytics, reports, CCHC scores, review and the public page.
 */

export interface SurveyRow {
  id: number;
  slug: string;
  family: string | null;
  kind: string;
  level: string | null;
  title: { vi: string; en: string };
  target: number;
}

export interface Selector {
  /** 'tthc-services', 'family:public-education-parents' or '*' */
  code: string;
  kind: 'survey' | 'family';
  key: string;
  title: { vi: string; en: string };
}

export interface SurveySelection {
  selector: Selector;
  surveys: SurveyRow[];
  /** The strictest target of the surveys pooled. */
  target: number;
}

export type SurveyChoice = { status: 'ok'; selection: SurveySelection } | { status: 'invalid'; fields: FieldError[] };

export async function loadSurveys(db: Database): Promise<SurveyRow[]> {
  const rows = await db
    .selectFrom('surveys')
    .select(['id', 'slug', 'family', 'kind', 'level', 'title_vi', 'title_en', 'target'])
    .orderBy('slug')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    family: s.family,
    kind: s.kind,
    level: s.level,
    title: { vi: s.title_vi, en: s.title_en ?? s.title_vi },
    target: Number(s.target),
  }));
}

const FAMILY_TITLES: Record<string, { vi: string; en: string }> = {
  'public-education-parents': {
    vi: 'Sự hài lòng của cha mẹ học sinh về giáo dục công (mọi cấp học)',
    en: "Parents' satisfaction with public education (all levels)",
  },
};

export function familyTitle(family: string, members: SurveyRow[]): { vi: string; en: string } {
  return (
    FAMILY_TITLES[family] ?? {
      vi: `Nhóm phiếu ${family} (${members.length} phiếu)`,
      en: `Survey family ${family} (${members.length} surveys)`,
    }
  );
}

/**
 * The surveys a selector covers. `survey` may name a slug or, when no slug matches, a family;
 * `family` names a family. Pooling surveys with different targets would blur what "met" means, so
 * a family's target is the strictest of its members'.
 */
export function chooseSurveys(
  all: SurveyRow[],
  survey: string | undefined,
  family: string | undefined,
  path = 'querystring',
): SurveyChoice {
  const invalid = (at: string, message: string): SurveyChoice => ({
    status: 'invalid',
    fields: [{ path: at, message }],
  });
  const bySlug = survey ? all.find((s) => s.slug === survey) : undefined;
  const familyKey = family ?? (bySlug ? undefined : survey);
  if (bySlug && !family) {
    return {
      status: 'ok',
      selection: {
        selector: { code: bySlug.slug, kind: 'survey', key: bySlug.slug, title: bySlug.title },
        surveys: [bySlug],
        target: bySlug.target,
      },
    };
  }
  if (familyKey) {
    const members = all.filter((s) => s.family === familyKey);
    if (members.length === 0) {
      return invalid(`${path}.${family ? 'family' : 'survey'}`, 'không có phiếu khảo sát hoặc nhóm phiếu này');
    }
    const chosen = bySlug && family ? members.filter((m) => m.slug === bySlug.slug) : members;
    if (chosen.length === 0) return invalid(`${path}.survey`, 'phiếu khảo sát không thuộc nhóm phiếu đã chọn');
    return {
      status: 'ok',
      selection: {
        selector:
          chosen.length === 1 && bySlug
            ? { code: bySlug.slug, kind: 'survey', key: bySlug.slug, title: bySlug.title }
            : { code: `family:${familyKey}`, kind: 'family', key: familyKey, title: familyTitle(familyKey, members) },
        surveys: chosen,
        target: Math.max(...chosen.map((s) => s.target)),
      },
    };
  }
  if (survey) return invalid(`${path}.survey`, 'không có phiếu khảo sát hoặc nhóm phiếu này');
  return invalid(`${path}.survey`, 'hãy chọn một phiếu khảo sát (survey) hoặc một nhóm phiếu (family)');
}

/**
 * Parses a selector code as stored in frozen_periods ('slug' or 'family:x'); null when it names no
 * survey any more (a survey renamed since a period was frozen).
 */
export function selectorFromCode(all: SurveyRow[], code: string): SurveySelection | null {
  const choice = code.startsWith('family:')
    ? chooseSurveys(all, undefined, code.slice(7))
    : chooseSurveys(all, code, undefined);
  return choice.status === 'ok' ? choice.selection : null;
}

/** The sections of a report: one survey, one family, or ('*') every family and stand-alone survey. */
export function reportGroups(all: SurveyRow[], selector: string): SurveySelection[] {
  if (selector !== '*') {
    const one = selectorFromCode(all, selector);
    return one ? [one] : [];
  }
  const seen = new Set<string>();
  const groups: SurveySelection[] = [];
  // Administrative surveys first: they are the ones the reform scoring reads first.
  const ordered = [...all].sort(
    (a, b) => (a.kind === 'administrative' ? 0 : 1) - (b.kind === 'administrative' ? 0 : 1),
  );
  for (const s of ordered) {
    const code = s.family ? `family:${s.family}` : s.slug;
    if (seen.has(code)) continue;
    seen.add(code);
    const group = selectorFromCode(all, code);
    if (group) groups.push(group);
  }
  return groups;
}

export type SelectorChoice = { status: 'ok'; selector: string } | { status: 'invalid'; fields: FieldError[] };

/** The selector code of a survey/family choice; '*' (every survey) when neither is given; why not otherwise. */
export function selectorOf(all: SurveyRow[], survey: string | undefined, family: string | undefined): SelectorChoice {
  if (!survey && !family) return { status: 'ok', selector: '*' };
  const choice = chooseSurveys(all, survey, family);
  return choice.status === 'ok' ? { status: 'ok', selector: choice.selection.selector.code } : choice;
}
