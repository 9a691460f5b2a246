import { sql, type RawBuilder } from 'kysely';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { mergedDefinition } from '../analytics/definitions.js';
import { responsesWhere } from '../analytics/conditions.js';
import type { ResolvedFilters } from '../analytics/filters.js';
import { copyOut, inlineParameters } from '../db/copy.js';
import type { Database } from '../db/schema.js';
import type { TReportData as ReportData } from '../../domain/contract/reports.js';
import { CSV_BOM, csvRow } from '../sheets/safe-cells.js';

/**
 * CSV exports. The raw-response export is one `COPY (SELECT …) TO STDOUT` (db/copy.ts): PostgreSQL
 * formats every line, so Node only forwards bytes, memory stays flat and the rate is close to a raw COPY.
 * The SQL below writes exactly what sheets/safe-cells.ts writes (tests/export-copy.test.ts compares the two
 * byte for byte on hostile text): text neutralised and always quoted, numbers and booleans bare, missing
 * values empty, lines ending in CRLF. The COPY has sent its first bytes before the response starts: an
 * export either fails before its first byte or streams.
 */

// JavaScript's \s (FORMULA_START in sheets/safe-cells.ts) spelled out for PostgreSQL's regular expressions.
const JS_SPACE = String.raw`\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff`;
const FORMULA_START = String.raw`^([\t\r\n]|[${JS_SPACE}"']*[=+@-])`;

/**
 * csvField of a text value: null → empty; else neutralised (safeCell), quotes doubled, quoted. A first
 * character that is a digit or in A–~ can start no formula (none is a space, quote or = + - @), which spares
 * the regular expression for nearly every cell.
 */
export function csvText(value: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`coalesce('"' || replace(case when ascii(${value}) between 65 and 126 or ascii(${value}) between 48 and 57 then ${value} when ${value} ~ ${FORMULA_START} then '''' || ${value} else ${value} end, '"', '""') || '"', '')`;
}

/** csvField of a bare value (a number): null → empty. */
function csvBare(value: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`coalesce((${value})::text, '')`;
}

/**
 * csvField of one JSON answer: numbers and booleans bare, text neutralised, the ticked options of a
 * multiple-choice question as one "a; b" text, anything else as JSON, neutralised.
 */
function csvAnswer(value: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`case jsonb_typeof(${value})
    when 'number' then (${value})::text when 'boolean' then (${value})::text
    when 'string' then ${csvText(sql`(${value} #>> '{}')`)}
    when 'array' then ${csvText(sql`(select string_agg(e, '; ') from jsonb_array_elements_text(${value}) e)`)}
    when 'null' then '' else ${csvText(sql`(${value})::text`)} end`;
}

export async function responsesCsv(
  db: Database,
  pool: pg.Pool,
  f: ResolvedFilters,
  options: { includeFlagged: boolean },
): Promise<Readable> {
  const definition = await mergedDefinition(
    db,
    f.surveys.map((s) => s.id),
  );
  const keys = definition.questions.map((q) => q.key);
  const where = options.includeFlagged
    ? responsesWhere(db, f, 'r')
    : sql`r.review_status = 'accepted' and ${responsesWhere(db, f, 'r')}`;
  const ref = (name: string) => sql.ref(name) as unknown as RawBuilder<unknown>;
  const cells: RawBuilder<string>[] = [
    csvText(sql`r.id::text`),
    csvText(sql`to_char((r.submitted_at at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD HH24:MI:SS')`),
    csvText(sql`coalesce(s.slug, r.survey_id::text)`),
    csvBare(ref('v.number')),
    csvText(ref('u.code')),
    csvText(ref('u.name')),
    csvText(ref('u.level')),
    csvText(ref('u.ward')),
    csvText(ref('r.channel')),
    csvText(ref('r.review_status')),
    csvText(sql`array_to_string(r.flags, ';')`),
    // bigint and a sanity window: a phone's clock can be anywhere, and no reader may overflow on it.
    csvBare(
      sql`case when r.started_at between r.submitted_at - interval '30 days' and r.submitted_at
           then round(extract(epoch from r.submitted_at - r.started_at))::bigint end`,
    ),
    ...keys.map((k) => csvAnswer(sql`(r.answers -> ${k})`)),
    csvText(ref('r.comment')),
  ];
  const compiled = sql`
    select ${sql.join(cells, sql` || ',' || `)} || E'\r\n'
      from responses r
      left join surveys s on s.id = r.survey_id
      left join survey_versions v on v.id = r.version_id
      left join units u on u.id = r.unit_id
     where ${where}
     order by r.submitted_at, r.id`.compile(db);

  const header = [
    'id',
    'submitted_at_vn',
    'survey',
    'version',
    'unit_code',
    'unit_name',
    'level',
    'ward',
    'channel',
    'review_status',
    'flags',
    'seconds',
    ...keys,
    'comment',
  ];
  return copyOut(pool, inlineParameters(compiled.sql, compiled.parameters), CSV_BOM + csvRow(header));
}

/** The period report as one long table: a row per figure (overall, criterion, question, unit). */
export function reportCsv(data: ReportData): Readable {
  function* rows(): Generator<string> {
    yield (
      CSV_BOM +
      csvRow([
        'period',
        'scope',
        'survey',
        'row_kind',
        'key',
        'label',
        'n',
        'satisfied',
        'rate',
        'ci_low',
        'ci_high',
        'target',
        'status',
        'small_sample',
        'responses',
        'method',
        'frozen_at',
        'frozen_by',
      ])
    );
    const scope = data.unit?.code ?? 'SO';
    for (const s of data.sections) {
      const base = (
        kind: string,
        key: string,
        label: string,
        fig: ReportData['sections'][number]['summary']['overall'],
        responses: number | null,
      ) =>
        csvRow([
          data.period.code,
          scope,
          s.selector,
          kind,
          key,
          label,
          fig.n,
          fig.satisfied,
          fig.value,
          fig.n === 0 ? null : fig.interval.low,
          fig.n === 0 ? null : fig.interval.high,
          s.target,
          fig.status,
          fig.smallSample,
          responses,
          fig.method,
          data.frozen?.at ?? null,
          data.frozen?.by ?? null,
        ]);
      yield base('overall', 'overall', 'Chung', s.summary.overall, s.summary.responses.accepted);
      yield base(
        'comprehensive',
        'comprehensive',
        'Toàn diện',
        s.summary.methods.comprehensive,
        s.summary.responses.accepted,
      );
      for (const c of s.summary.criteria) yield base('criterion', c.key, c.title.vi, c.figure, null);
      for (const q of s.summary.questions) yield base('question', q.key, q.text.vi, q.figure, null);
      for (const u of s.units) yield base('unit', u.key ?? '', u.label.vi, u.figure, u.responses);
    }
  }
  return Readable.from(rows(), { objectMode: false });
}
