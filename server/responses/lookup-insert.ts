import { CompiledQuery, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { createGatherer } from './gather.js';
import type { RunQuery } from './insert.js';
import {
  BURST_LIMIT,
  lookupOverInputs,
  STAFF_CHANNELS,
  type FastAnswer,
  type FastResult,
  type Flag,
  type LookupRow,
} from './lookup.js';

/**
 * The public submission's common case in one round trip (#10.2): the link and integrity look-up and the
 * insert of the answer, for several answers at once. Measured at a steady 500 answers/s, the second round
 * trip (look-up, then insert) was the largest share of the latency: without it p99 fell from 36–51 ms to
 * 17–18 ms in back-to-back runs.
 *
 * The statement inserts an answer only when the checks that submit.ts makes after its look-up all pass,
 * written here in SQL over the same look-up row: the link is live, the version belongs to its survey, a
 * public answer does not use a staff channel, and a survey run as a campaign has one open that day
 * (domain/campaigns.ts: governingCampaign is open exactly when one campaign spans the day). The flags it
 * adds (burst, duplicate device) are submit.ts's, in the same order. Whatever it does not insert (any check
 * that fails, an id already claimed) is decided by submit.ts from the returned look-up row, exactly as
 * before; so the answer's fate is the same, only sooner. Answers with a kiosk, a picked officer or a
 * validation problem never come here: submit.ts takes its longer path for them.
 */

/** A look-up row with its answer's index (1-based), whether it was stored, and its flags. */
type Row = LookupRow & { i: string; inserted: boolean; all_flags: Flag[] };

/**
 * One statement text for any number of answers, prepared once per connection. The answers travel as one JSON
 * array rather than an array per column: the planner sizes unnest() by its arrays in a custom plan but not in
 * the generic one, so the generic plan looked dearer and PostgreSQL planned every execution anew (p50 doubled
 * at 500 answers/s); a JSON record set is sized alike in both, and the generic plan is kept.
 */
export function lookupAndInsertQuery(db: Database, all: FastAnswer[]): CompiledQuery<Row> {
  const inputs = JSON.stringify(inputsOf(all));
  // Compiled once, as lookup.ts's look-up is (there, building and compiling the template on every call cost
  // more app CPU than the rest of the query's handling). Every parameter but the inputs is a constant.
  if (compiled === undefined) {
    const first = template(inputs).compile(db);
    if (first.parameters[0] !== inputs) throw new Error('submit look-up and insert: the inputs must come first');
    compiled = { sql: first.sql, constants: first.parameters.slice(1) };
  }
  return CompiledQuery.raw(compiled.sql, [inputs, ...compiled.constants]) as CompiledQuery<Row>;
}

let compiled: { sql: string; constants: readonly unknown[] } | undefined;

const inputsOf = (all: FastAnswer[]) =>
  all.map((a, k) => ({
    i: k + 1,
    version_id: a.args.versionId,
    enforce: a.args.enforce,
    answers: a.args.answers,
    look_up: a.args.lookUp,
    device_hash: a.args.deviceHash,
    id: a.args.id,
    code: a.args.linkCode,
    day: a.day,
    // The channels this answer may not come through: the staff's, on the public route. In the inputs, not
    // bound on its own: a bound list would be known to a custom plan only (see above).
    barred_channels: a.publicEntry ? [...STAFF_CHANNELS] : [],
    row_answers: a.answers,
    comment: a.comment,
    started_at: a.startedAt,
    body_hash: a.bodyHash,
    ip_hash: a.ipHash,
    base_flags: a.flags,
  }));

const template = (inputs: string) => sql<Row>`
    with x as materialized (
      select *
        from jsonb_to_recordset(${inputs}::jsonb)
             as x(i int, version_id bigint, enforce boolean, answers text, look_up boolean, device_hash text, id uuid,
                  code text, day date, barred_channels text[], row_answers jsonb, comment text, started_at timestamptz,
                  body_hash text, ip_hash text, base_flags jsonb)
    ), d as materialized (
      select x.i, x.id as answer_id, q.*,
             q.retired_at is null and q.version_ok
               and not q.channel = any(x.barred_channels)
               and (not x.enforce
                    or not exists (select 1 from campaigns c where c.survey_id = q.survey_id)
                    or exists (select 1 from campaigns c
                                where c.survey_id = q.survey_id and c.opens_on <= x.day and c.closes_on >= x.day)) as go,
             array(select jsonb_array_elements_text(x.base_flags))
               || case when coalesce(q.recent, 0) >= ${BURST_LIMIT} then array['burst'] else array[]::text[] end
               || case when q.same then array['duplicate_device'] else array[]::text[] end as all_flags
        from x cross join lateral (${lookupOverInputs()}) q
    ), claimed as (
      -- In id order, as insert.ts claims: two batches sharing ids wait on each other rather than deadlock.
      insert into response_ids (id, submitted_at)
      select answer_id, now() from d where go order by answer_id
      on conflict (id) do nothing
      returning id, submitted_at
    ), stored as (
      insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, comment, started_at,
                             body_hash, device_hash, ip_hash, flags, review_status, officer_id, submitted_at)
      select x.id, d.survey_id, x.version_id, d.unit_id, d.id, d.channel, x.row_answers, x.comment, x.started_at,
             x.body_hash, x.device_hash, x.ip_hash, d.all_flags,
             case when cardinality(d.all_flags) > 0 then 'pending' else 'accepted' end, d.officer_id, c.submitted_at
        from d join x on x.i = d.i join claimed c on c.id = d.answer_id
      returning id
    )
    select d.i, d.id, d.survey_id, d.unit_id, d.channel, d.retired_at, d.officer_id, d.officer_pick, d.version_ok,
           d.recent, d.same, d.campaigns, d.all_flags, d.answer_id in (select id from stored) as inserted
      from d`;

/**
 * Gathers the answers that arrive together into one statement, as batch.ts does for inserts: while two
 * statements are in flight, new answers wait and go together in the next. If a statement fails (a month
 * without its partition, say), its answers resolve undefined and submit.ts takes its longer path for each,
 * which handles that case: the statement is one transaction, so nothing of it was stored.
 */
export function createLookupInserter(db: Database, run: RunQuery, options: { maxBatch?: number } = {}) {
  const maxBatch = options.maxBatch ?? 100;
  interface Waiting {
    answer: FastAnswer;
    resolve: (result: FastResult | undefined) => void;
  }

  async function send(batch: Waiting[]): Promise<void> {
    // The same id twice in one batch (a re-send racing itself): the first goes here, the others the long way.
    const seen = new Set<string>();
    const first = batch.filter((w) => !seen.has(w.answer.args.id) && seen.add(w.answer.args.id));
    for (const w of batch) if (!first.includes(w)) w.resolve(undefined);
    let rows: Row[];
    try {
      rows = await run(
        lookupAndInsertQuery(
          db,
          first.map((w) => w.answer),
        ),
      );
    } catch {
      for (const w of first) w.resolve(undefined);
      return;
    }
    const byIndex = new Map<number, Row[]>();
    for (const row of rows) byIndex.set(Number(row.i) - 1, [...(byIndex.get(Number(row.i) - 1) ?? []), row]);
    first.forEach((w, k) => {
      const found = byIndex.get(k) ?? [];
      const lookup = found.map(({ i: _i, inserted: _inserted, all_flags: _flags, ...row }) => row);
      const stored = found.find((r) => r.inserted);
      w.resolve({ rows: lookup, inserted: stored !== undefined, flags: stored?.all_flags ?? [] });
    });
  }

  const gather = createGatherer(send, { maxBatch, maxInFlight: 2 });

  return {
    lookupAndInsert(answer: FastAnswer): Promise<FastResult | undefined> {
      return new Promise((resolve) => gather({ answer, resolve }));
    },
  };
}
