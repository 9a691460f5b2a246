import { sql } from 'kysely';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { mergedDefinition } from '../analytics/definitions.js';
import { responsesWhere } from '../analytics/conditions.js';
import type { ResolvedFilters } from '../analytics/filters.js';
import { Cursor } from '../db/cursor.js';
import type { Database } from '../db/schema.js';
import type { TReportData as ReportData } from '../../domain/contract/reports.js';
import { CSV_BOM, csvRow, type CellValue } from '../sheets/safe-cells.js';

/**
 * CSV exports. The raw-response export reads through a server-side cursor (db/cursor.ts) in
 * batches, so memory stays flat however many rows there are. The cursor is opened and its first
 * batch read before the response starts: an export either fails before its first byte or streams.
 */

interface ExportRow {
  id: string;
  at: string;
  survey_id: number;
  version_id: number;
  unit_id: number;
  channel: string;
  review_status: string;
  flags: string[];
  seconds: number | null;
  answers: Record<string, CellValue>;
  comment: string | null;
}

const FETCH_SIZE = 5000;

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
  const [units, versions] = await Promise.all([
    db.selectFrom('units').select(['id', 'code', 'name', 'level', 'ward']).execute(),
    db.selectFrom('survey_versions').select(['id', 'number']).execute(),
  ]);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const versionById = new Map(versions.map((v) => [v.id, v.number]));
  const slugById = new Map(f.surveys.map((s) => [s.id, s.slug]));
  const where = options.includeFlagged
    ? responsesWhere(db, f, 'r')
    : sql`r.review_status = 'accepted' and ${responsesWhere(db, f, 'r')}`;
  const compiled = sql`
    select r.id, to_char((r.submitted_at at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD HH24:MI:SS') as at,
      r.survey_id, r.version_id, r.unit_id, r.channel, r.review_status, r.flags,
      -- bigint and a sanity window: a phone's clock can be anywhere, and no reader may overflow on it.
      case when r.started_at between r.submitted_at - interval '30 days' and r.submitted_at
           then round(extract(epoch from r.submitted_at - r.started_at))::bigint end as seconds,
      r.answers, r.comment
    from responses r where ${where}
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

  const cursor = await Cursor.open<ExportRow>(pool, compiled, FETCH_SIZE);
  let headerSent = false;
  const format = (rows: ExportRow[]): string => {
    let chunk = '';
    for (const r of rows) {
      const u = unitById.get(r.unit_id);
      const values: CellValue[] = [
        r.id,
        r.at,
        slugById.get(r.survey_id) ?? String(r.survey_id),
        versionById.get(r.version_id) ?? null,
        u?.code ?? null,
        u?.name ?? null,
        u?.level ?? null,
        u?.ward ?? null,
        r.channel,
        r.review_status,
        r.flags.join(';'),
        r.seconds,
      ];
      for (const k of keys) values.push(r.answers[k] ?? null);
      values.push(r.comment);
      chunk += csvRow(values);
    }
    return chunk;
  };
  // Pull-based: the next batch is fetched only when the client has taken the last one. Destroying
  // the stream (the client went away) closes the cursor and gives its connection back clean.
  return new Readable({
    read() {
      const head = headerSent ? '' : CSV_BOM + csvRow(header);
      headerSent = true;
      cursor.next().then(
        (rows) => {
          if (rows.length > 0) this.push(head + format(rows));
          else {
            if (head) this.push(head);
            this.push(null);
          }
        },
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    },
    destroy(err, callback) {
      cursor.close().then(
        () => callback(err),
        () => callback(err),
      );
    },
  });
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
