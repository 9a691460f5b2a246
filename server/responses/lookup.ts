import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type { Answers } from '../../domain/answers.js';
import type { CampaignDates } from '../../domain/campaigns.js';
import { campaignsOfSurvey } from '../campaigns/queries.js';
import type { Database } from '../db/schema.js';

/**
 * The submission's look-up (submit.ts): the link, the version check, the survey's campaigns and the
 * integrity look-up of the device's recent answers, in one statement; alone, batched over several answers
 * (lookup-batch.ts) or with the insert (lookup-insert.ts).
 */

/** Channels whose answers only staff enter, through their own endpoints (paper/, interviews/). */
export const STAFF_CHANNELS: ReadonlySet<string> = new Set(['paper', 'interview']);

export type Flag = 'honeypot' | 'too_fast' | 'burst' | 'duplicate_device' | 'kiosk_interval';

/** More than this many answers from one device to one survey and unit within BURST_WINDOW is a burst. */
export const BURST_LIMIT = 3;
export const BURST_WINDOW = '10 minutes';
/** The same answers from the same device within this window are a duplicate. */
export const DUPLICATE_WINDOW = '1 day';

export interface LookupArgs {
  versionId: number;
  enforce: boolean;
  /** The checked answers as JSON, when the device is looked up. */
  answers: string | null;
  lookUp: boolean;
  deviceHash: string | null;
  id: string;
  linkCode: string;
}

export interface LookupRow {
  id: number;
  survey_id: number;
  unit_id: number;
  channel: string;
  retired_at: Date | null;
  version_ok: boolean;
  recent: number | null;
  same: boolean | null;
  officer_id: number | null;
  officer_pick: boolean;
  campaigns: CampaignDates[] | null;
}

/** The template's inputs: values, or (for the batched form) the columns that hold them. */
type LookupInputs = { [K in keyof LookupArgs]: LookupArgs[K] | RawBuilder<unknown> };

/** The link, the version check and the integrity look-up, in one round trip. */
const lookupTemplate = (a: LookupInputs) => sql<LookupRow>`
    select l.id, l.survey_id, l.unit_id, l.channel, l.retired_at, l.officer_id, l.officer_pick,
           exists (select 1 from survey_versions v where v.id = ${a.versionId} and v.survey_id = l.survey_id) as version_ok,
           d.recent, d.same, case when ${a.enforce} then ${campaignsOfSurvey('l.survey_id')} end as campaigns
      from links l
      left join lateral (
        select count(*) filter (where r.submitted_at > now() - ${BURST_WINDOW}::interval)::int as recent,
               coalesce(bool_or(r.answers = ${a.answers}::jsonb), false) as same
          from responses r
         where ${a.lookUp} and r.device_hash = ${a.deviceHash} and r.survey_id = l.survey_id
           and r.unit_id = l.unit_id and r.submitted_at > now() - ${DUPLICATE_WINDOW}::interval and r.id <> ${a.id}::uuid
      ) d on true
     where l.code = ${a.linkCode}`;

/** The template's values, in the order they appear in it. */
const lookupParams = (a: LookupArgs) => [
  a.versionId,
  a.enforce,
  BURST_WINDOW,
  a.answers,
  a.lookUp,
  a.deviceHash,
  DUPLICATE_WINDOW,
  a.id,
  a.linkCode,
];

let lookupText: string | undefined;

/**
 * The look-up's SQL text is compiled once: building and compiling the template cost more app CPU per answer
 * than the rest of the query's handling. The first compile checks that lookupParams follows the template.
 */
export function lookupQuery(db: Database, a: LookupArgs): CompiledQuery<LookupRow> {
  if (lookupText === undefined) {
    const compiled = lookupTemplate(a).compile(db);
    if (JSON.stringify(compiled.parameters) !== JSON.stringify(lookupParams(a))) {
      throw new Error('submit look-up: lookupParams does not follow the template');
    }
    lookupText = compiled.sql;
  }
  return CompiledQuery.raw(lookupText, lookupParams(a)) as CompiledQuery<LookupRow>;
}

const column = (name: string) => sql.ref(`x.${name}`);

/** The look-up over inputs held in the columns of a row `x` (the batched forms: lookup-batch.ts, lookup-insert.ts). */
export const lookupOverInputs = () =>
  lookupTemplate({
    versionId: column('version_id'),
    enforce: column('enforce'),
    answers: column('answers'),
    lookUp: column('look_up'),
    deviceHash: column('device_hash'),
    id: column('id'),
    linkCode: column('code'),
  });

/**
 * Several answers' look-ups in one statement (lookup-batch.ts): the template run laterally over the inputs
 * as arrays. Row i (1-based) of the inputs gives the rows with that i; an unknown link gives none.
 */
export function lookupBatchQuery(db: Database, all: LookupArgs[]): CompiledQuery<LookupRow & { i: string }> {
  const inner = lookupOverInputs();
  const list = <K extends keyof LookupArgs>(key: K) => all.map((a) => a[key]);
  return sql<LookupRow & { i: string }>`
    select x.i, q.*
      from unnest(${list('versionId')}::bigint[], ${list('enforce')}::boolean[], ${list('answers')}::text[],
                  ${list('lookUp')}::boolean[], ${list('deviceHash')}::text[], ${list('id')}::uuid[], ${list('linkCode')}::text[])
           with ordinality as x(version_id, enforce, answers, look_up, device_hash, id, code, i)
     cross join lateral (${inner}) q`.compile(db);
}

/** An answer for the look-up and insert in one statement (lookup-insert.ts). */
export interface FastAnswer {
  args: LookupArgs;
  /** Vietnam's local date of the request (domain/periods.ts localDay), for the campaign dates. */
  day: string;
  publicEntry: boolean;
  /** The answer's own values: the rest of the row comes from the link. */
  answers: Answers;
  comment: string | null;
  startedAt: string | null;
  bodyHash: string;
  ipHash: string;
  /** The flags known before the look-up (honeypot, too fast). */
  flags: Flag[];
}

export interface FastResult {
  /** The look-up's rows, as submit.ts's look-up returns them. */
  rows: LookupRow[];
  inserted: boolean;
  /** The stored answer's flags, when inserted. */
  flags: Flag[];
}
