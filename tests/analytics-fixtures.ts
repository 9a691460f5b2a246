import { createHash, randomUUID } from 'node:crypto';
import type { Database, ReviewStatus } from '../server/db/schema.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';

/**
 * A small, hand-counted data set for the analytics, report and transparency tests: a few units
 * and responses whose rates and Wilson intervals are written out in the tests.
 */
export const UNITS = [
  { code: 'SO', name: 'Sở Giáo dục và Đào tạo', kind: 'department', level: null, parent: null, ward: null },
  { code: 'MOTCUA', name: 'Bộ phận Một cửa', kind: 'office', level: null, parent: 'SO', ward: null },
  { code: 'VANPHONG', name: 'Văn phòng Sở', kind: 'office', level: null, parent: 'SO', ward: null },
  {
    code: 'TH-A',
    name: 'Trường Tiểu học Ánh Dương',
    kind: 'school',
    level: 'tieu_hoc',
    parent: 'SO',
    ward: 'Phường Một',
  },
  {
    code: 'MN-B',
    name: 'Trường Mầm non Bình Minh',
    kind: 'school',
    level: 'mam_non',
    parent: 'SO',
    ward: 'Phường Hai',
  },
] as const;

export async function setupSurveysAndUnits(
  db: Database,
): Promise<{ surveys: Map<string, number>; units: Map<string, number>; versions: Map<string, number> }> {
  await publishDefinitions(db, await readDefinitionFiles());
  const units = new Map<string, number>();
  for (const u of UNITS) {
    const row = await db
      .insertInto('units')
      .values({
        code: u.code,
        name: u.name,
        kind: u.kind,
        level: u.level,
        ward: u.ward,
        parent_id: u.parent ? units.get(u.parent)! : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    units.set(u.code, row.id);
  }
  const surveys = new Map(
    (await db.selectFrom('surveys').select(['id', 'slug']).execute()).map((s) => [s.slug, s.id] as const),
  );
  const versions = new Map(
    (
      await db
        .selectFrom('survey_versions as v')
        .innerJoin('surveys as s', 's.id', 'v.survey_id')
        .select(['v.id', 's.slug', 'v.number'])
        .execute()
    ).map((v) => [`${v.slug}@${v.number}`, v.id] as const),
  );
  return { surveys, units, versions };
}

export interface Row {
  survey: string;
  unit: string;
  at: string;
  answers: Record<string, unknown>;
  status?: ReviewStatus;
  comment?: string | null;
  channel?: string;
  version?: number;
  flags?: string[];
}

export async function insertResponses(
  db: Database,
  ctx: { surveys: Map<string, number>; units: Map<string, number>; versions: Map<string, number> },
  rows: Row[],
): Promise<string[]> {
  const values = rows.map((r) => {
    const id = randomUUID();
    return {
      id,
      survey_id: ctx.surveys.get(r.survey)!,
      version_id: ctx.versions.get(`${r.survey}@${r.version ?? 1}`)!,
      unit_id: ctx.units.get(r.unit)!,
      link_id: null,
      channel: r.channel ?? 'qr',
      answers: JSON.stringify(r.answers),
      comment: r.comment ?? null,
      submitted_at: new Date(r.at),
      started_at: new Date(new Date(r.at).getTime() - 120_000),
      body_hash: createHash('sha256').update(id).digest('hex'),
      flags: r.flags ?? (r.status && r.status !== 'accepted' ? ['too_fast'] : []),
      review_status: r.status ?? 'accepted',
    };
  });
  if (values.length > 0) await db.insertInto('responses').values(values).execute();
  return values.map((v) => v.id);
}

/** TTHC answers at MOTCUA in Q1-2026: staff 7 of 9 satisfied (1 N/A), overall 8 of 10, 7 of 10 on all. */
export const TTHC_Q1: Row[] = [
  [5, 5],
  [5, 5],
  [5, 4],
  [4, 4],
  [4, 4],
  [4, 4],
  [4, 4],
  [3, 4],
  [2, 3],
].map(([staff, overall], i) => ({
  survey: 'tthc-services',
  unit: 'MOTCUA',
  at: `2026-0${1 + (i % 3)}-1${i}T03:00:00Z`,
  answers: {
    staff_attitude: staff,
    overall_satisfaction: overall,
    procedure_fee_as_posted: i !== 8,
    service_channel: i < 6 ? 'truc_tiep' : 'truc_tuyen',
  },
  comment:
    i === 0 ? 'Cán bộ hướng dẫn rất tận tình' : i === 8 ? '=HYPERLINK("http://evil.example","bấm vào đây")' : null,
}));
// 23:30 on 31 March in Vietnam is still the first quarter (16:30 UTC).
TTHC_Q1.push({
  survey: 'tthc-services',
  unit: 'MOTCUA',
  at: '2026-03-31T16:30:00Z',
  answers: { staff_attitude: 'na', overall_satisfaction: 1, procedure_fee_as_posted: true },
  comment: 'Chờ quá lâu',
});

export const TTHC_OTHER: Row[] = [
  // 01:00 on 1 April in Vietnam is the second quarter although it is still 31 March in UTC.
  {
    survey: 'tthc-services',
    unit: 'MOTCUA',
    at: '2026-03-31T18:00:00Z',
    answers: { staff_attitude: 5, overall_satisfaction: 5 },
  },
  // Flagged and not accepted: never in the rates.
  {
    survey: 'tthc-services',
    unit: 'MOTCUA',
    at: '2026-02-03T03:00:00Z',
    answers: { staff_attitude: 1, overall_satisfaction: 1 },
    status: 'pending',
    comment: 'Bình luận đang chờ duyệt',
  },
  {
    survey: 'tthc-services',
    unit: 'MOTCUA',
    at: '2026-02-04T03:00:00Z',
    answers: { staff_attitude: 1, overall_satisfaction: 1 },
    status: 'rejected',
  },
];

/** Education: TH-A (tiểu học, Phường Một) overall 5, 4, 3; MN-B (mầm non, Phường Hai) overall 5, 5. */
export const EDU_Q1: Row[] = [
  ...[5, 4, 3].map((v, i) => ({
    survey: 'education-parents-tieu-hoc',
    unit: 'TH-A',
    at: `2026-02-1${i}T02:00:00Z`,
    answers: { overall_satisfaction: v, teachers_care: 5 },
  })),
  ...[5, 5].map((v, i) => ({
    survey: 'education-parents-mam-non',
    unit: 'MN-B',
    at: `2026-03-0${i + 1}T02:00:00Z`,
    answers: { overall_satisfaction: v },
    channel: 'web',
  })),
];
