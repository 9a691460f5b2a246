import type { TFigure } from '../../domain/contract/analytics.js';
import type {
  TPeriodState,
  TPublicFigure,
  TPublicSurveyPeriod,
  TPublicUnit,
  TPublicView,
  TTransparency,
} from '../../domain/contract/transparency.js';
import { DEFAULT_SCORING_METHOD } from '../../domain/methods.js';
import { channelNote } from '../../domain/channels.js';
import { isSmallSample } from '../../domain/statistics.js';
import {
  lastLocalDay,
  listRecentQuarters,
  localDay,
  parsePeriodCode,
  rangeOf,
  type PeriodRange,
} from '../../domain/periods.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { methodInfo } from '../analytics/figures.js';
import { groupFilters, periodOf, type ResolvedFilters } from '../analytics/filters.js';
import { channelsSince, computeSummary } from '../analytics/summary.js';
import { loadSurveys, reportGroups, selectorOf, type SurveySelection } from '../analytics/surveys.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { frozenSections, type FrozenFigure, type FrozenSection } from './frozen.js';
import { asksServiceChannel, onlineCounts, onlineFigure } from './online.js';

/**
 * The public transparency page: published rates per survey and unit, per quarter, half-year or
 * year, against the target. What the Sở certified (a frozen report) is published as frozen; the
 * running period is marked provisional ("tạm tính"). Only aggregates: no comments, no answers, no
 * personal data; a unit with fewer respondents than the minimum shows "chưa đủ số phiếu" and no
 * figures at all (not even its n), since small groups give unstable rates and could point at people.
 */

/** The minimum-n rule counts people (respondents): the same rule as the admin app and the reports. */
export function enoughRespondents(respondents: number, minN: number): boolean {
  return !isSmallSample(respondents, minN);
}

function publicFigure(f: TFigure | FrozenFigure, respondents: number, responses: number): TPublicFigure {
  return {
    rate: f.value,
    n: f.n,
    respondents,
    responses,
    interval: f.interval,
    target: f.target ?? 0,
    status: f.status,
  };
}

/** The `count` newest periods of a view, from the one holding `newest` back. */
export function recentPeriods(view: TPublicView, newest: Date, count: number): PeriodRange[] {
  if (view === 'quarter') return listRecentQuarters(newest, count);
  const [y, m] = localDay(newest).split('-').map(Number) as [number, number];
  const out: PeriodRange[] = [];
  let year = y;
  let half: 1 | 2 = m <= 6 ? 1 : 2;
  for (let i = 0; i < count; i++) {
    if (view === 'year') out.push(rangeOf({ kind: 'year', year: y - i }));
    else {
      out.push(rangeOf({ kind: 'half', year, half }));
      if (half === 1) {
        half = 2;
        year -= 1;
      } else half = 1;
    }
  }
  return out;
}

function liveUnits(rows: Awaited<ReturnType<typeof computeBreakdown>>, minN: number): TPublicUnit[] {
  return rows
    .filter((u) => u.unit)
    .map((u) => {
      const people = u.figure.respondents;
      const shown = enoughRespondents(people, minN);
      return {
        code: u.unit!.code,
        name: u.unit!.name,
        level: u.unit!.level,
        suppressed: !shown,
        figure: shown ? publicFigure(u.figure, people, u.responses) : null,
      };
    });
}

function frozenUnits(section: FrozenSection, minN: number): TPublicUnit[] {
  return section.units
    .filter((u) => u.unit)
    .map((u) => {
      const people = u.figure.respondents ?? u.responses;
      const shown = enoughRespondents(people, minN);
      return {
        code: u.unit!.code,
        name: u.unit!.name,
        level: u.unit!.level,
        suppressed: !shown,
        figure: shown ? publicFigure(u.figure, people, u.responses) : null,
      };
    });
}

const ONLINE_LABEL = {
  vi: 'Người sử dụng dịch vụ công trực tuyến',
  en: 'Users of the online public service',
};

async function surveyPeriod(
  db: Database,
  g: SurveySelection,
  period: PeriodRange,
  state: TPeriodState,
  frozen: { section: FrozenSection; at: string } | undefined,
  online: boolean,
  minN: number,
): Promise<TPublicSurveyPeriod> {
  // Published by the official headline method (domain/methods.ts).
  const f: ResolvedFilters = { ...groupFilters(g, periodOf(period.code)!), method: DEFAULT_SCORING_METHOD };
  let overall: TPublicFigure | null;
  let units: TPublicUnit[];
  if (frozen) {
    const s = frozen.section.summary;
    const figure = s.headline?.figure ?? s.overall;
    const people = figure.respondents ?? s.responses.accepted;
    overall = enoughRespondents(people, minN) ? publicFigure(figure, people, s.responses.accepted) : null;
    units = frozenUnits(frozen.section, minN);
  } else {
    const [summary, rows] = await Promise.all([computeSummary(db, f, { minN }), computeBreakdown(db, f, 'unit', minN)]);
    const figure = summary.headline.figure;
    overall = enoughRespondents(figure.respondents, minN)
      ? publicFigure(figure, figure.respondents, summary.responses.accepted)
      : null;
    units = liveUnits(rows, minN);
  }
  let onlinePart: TPublicSurveyPeriod['online'] = null;
  if (online) {
    const o = await onlineCounts(db, f);
    const shown = enoughRespondents(o.clusters.respondents, minN);
    onlinePart = {
      label: ONLINE_LABEL,
      suppressed: !shown,
      figure: shown ? publicFigure(onlineFigure(o, g.target, minN), o.clusters.respondents, o.responses) : null,
    };
  }
  return {
    code: period.code,
    state,
    frozenAt: frozen?.at ?? null,
    suppressed: overall === null,
    overall,
    online: onlinePart,
    // Published units by name; the ranking belongs to the internal dashboard.
    units: units.sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  };
}

/** The published figures, or why not (a survey or family that names nothing: a 400). */
export type TransparencyOutcome = { kind: 'ok'; body: TTransparency } | { kind: 'invalid'; fields: FieldError[] };

export async function buildTransparency(
  db: Database,
  q: { survey?: string | undefined; until?: string | undefined; quarters?: number | undefined; view?: TPublicView },
  minN: number,
  now = new Date(),
): Promise<TransparencyOutcome> {
  const view = q.view ?? 'quarter';
  const all = await loadSurveys(db);
  const chosen = selectorOf(all, q.survey, undefined);
  if (chosen.status === 'invalid') return { kind: 'invalid', fields: chosen.fields };
  const selector = chosen.selector;
  const newest = q.until ? rangeOf(parsePeriodCode(q.until)!).from : now;
  const periods = recentPeriods(view, newest, q.quarters ?? (view === 'quarter' ? 4 : 2));
  const frozen = await Promise.all(periods.map((p) => frozenSections(db, p.code)));
  const groups = reportGroups(all, selector).filter(
    // Consultations on draft policy are not service satisfaction; they are published elsewhere.
    (g) => !g.surveys.every((s) => s.kind === 'consultation'),
  );
  const surveys: TTransparency['surveys'] = [];
  const certifiedAt = new Map<string, string>();
  for (const g of groups) {
    const online = await asksServiceChannel(
      db,
      g.surveys.map((s) => s.id),
    );
    const perPeriod: TPublicSurveyPeriod[] = [];
    for (const [i, period] of periods.entries()) {
      const section = frozen[i]!.get(g.selector.code);
      const state: TPeriodState = section ? 'certified' : period.to > now ? 'provisional' : 'uncertified';
      if (section) certifiedAt.set(period.code, section.at);
      perPeriod.push(await surveyPeriod(db, g, period, state, section, online, minN));
    }
    surveys.push({ selector: g.selector.code, title: g.selector.title, target: g.target, quarters: perPeriod });
  }
  const out = periods.map((r) => ({
    code: r.code,
    label: r.label,
    from: localDay(r.from),
    to: lastLocalDay(r.to),
  }));
  const publicPeriods = periods.map((r, i) => ({
    ...out[i]!,
    state: (certifiedAt.has(r.code) ? 'certified' : r.to > now ? 'provisional' : 'uncertified') as TPeriodState,
    frozenAt: certifiedAt.get(r.code) ?? null,
  }));
  const defaultPeriod =
    publicPeriods.find((p) => p.state === 'certified')?.code ??
    publicPeriods.find((p) => p.state === 'uncertified')?.code ??
    publicPeriods[0]?.code ??
    null;
  const body: TTransparency = {
    generatedAt: now.toISOString(),
    minN,
    method: methodInfo(DEFAULT_SCORING_METHOD),
    // Which channels the published figures include, and which are self-selected (domain/channels.ts).
    note: channelNote(
      await channelsSince(
        db,
        groups.flatMap((g) => g.surveys.map((s) => s.id)),
        localDay(periods.reduce((first, p) => (p.from < first ? p.from : first), now)),
      ),
    ),
    suppressedLabel: { vi: 'chưa đủ số phiếu', en: 'not enough answers' },
    view,
    quarters: out,
    periods: publicPeriods,
    defaultPeriod,
    surveys,
  };
  return { kind: 'ok', body };
}
