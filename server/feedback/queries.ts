import { sql } from 'kysely';
import {
  CATEGORY_TEXT,
  FEEDBACK_STATUS_TEXT,
  foldKey,
  OPEN_STATUSES,
  type TFeedbackCategory,
  type TFeedbackStatus,
} from '../../domain/contract/feedback-codes.js';
import type {
  TFeedbackDetail,
  TFeedbackList,
  TFeedbackListItem,
  TPublicFeedback,
  TPublishedFeedback,
} from '../../domain/contract/feedback.js';
import { localDay } from '../../domain/periods.js';
import { isAdmin, scopedUnitIds } from '../auth/scope.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';

const categoryText = (c: string) => CATEGORY_TEXT[c as TFeedbackCategory] ?? { vi: c, en: c };
const dayText = (eb: string) => sql<string>`to_char(${sql.ref(eb)}, 'YYYY-MM-DD')`;

/** The status page: what the citizen may see, and nothing else. */
export async function publicFeedback(db: Database, code: string): Promise<TPublicFeedback | undefined> {
  const row = await db
    .selectFrom('feedback_items as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .select([
      'f.code',
      'f.status',
      'f.category',
      'f.created_at',
      'f.reply',
      'f.replied_at',
      'u.code as unitCode',
      'u.name as unitName',
      dayText('f.deadline').as('deadline'),
    ])
    .where('f.code', '=', code.toUpperCase())
    .executeTakeFirst();
  if (!row) return undefined;
  const status = row.status as TFeedbackStatus;
  return {
    code: row.code,
    status,
    statusText: FEEDBACK_STATUS_TEXT[status],
    unit: { code: row.unitCode, name: row.unitName },
    category: row.category,
    categoryText: categoryText(row.category),
    createdAt: row.created_at.toISOString(),
    deadline: row.deadline,
    ...(row.reply !== null && row.replied_at !== null
      ? { reply: row.reply, repliedAt: row.replied_at.toISOString() }
      : {}),
  };
}

/** Units by name or code, without diacritics ("truong thcs" finds "Trường THCS …"). */
export async function searchUnits(db: Database, q: string, limit = 20) {
  const units = await db.selectFrom('units').select(['code', 'name', 'kind']).orderBy('name').execute();
  const words = foldKey(q).split('_').filter(Boolean);
  if (words.length === 0) return [];
  return units
    .map((u) => ({ u, key: `_${foldKey(u.name)}_${foldKey(u.code)}_` }))
    .filter(({ key }) => words.every((w) => key.includes(w)))
    .sort((a, b) => Number(b.key.includes(`_${words[0]}`)) - Number(a.key.includes(`_${words[0]}`)))
    .slice(0, limit)
    .map(({ u }) => u);
}

/** "Bạn nói, chúng tôi làm": published items, newest first; only the reviewed texts. */
export async function publishedFeedback(db: Database, unitCode?: string, limit = 50): Promise<TPublishedFeedback> {
  let q = db
    .selectFrom('feedback_items as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .select([
      'f.code',
      'f.category',
      'f.published_issue',
      'f.published_action',
      'f.published_at',
      'f.created_at',
      'f.replied_at',
      'f.closed_at',
      'u.code as unitCode',
      'u.name as unitName',
    ])
    .where('f.published_at', 'is not', null);
  if (unitCode) q = q.where(sql`upper(u.code)`, '=', unitCode.toUpperCase());
  const rows = await q.orderBy('f.published_at', 'desc').limit(limit).execute();
  return {
    items: rows.map((r) => ({
      code: r.code,
      unit: { code: r.unitCode, name: r.unitName },
      category: r.category,
      categoryText: categoryText(r.category),
      issue: r.published_issue ?? '',
      action: r.published_action ?? '',
      receivedOn: localDay(r.created_at),
      doneOn: localDay(r.replied_at ?? r.closed_at ?? r.published_at!),
      publishedAt: r.published_at!.toISOString(),
    })),
  };
}

export interface ListFilter {
  status?: TFeedbackStatus | 'open' | undefined;
  overdue?: boolean | undefined;
  unit?: number | undefined;
  category?: TFeedbackCategory | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

/** Items the user may see: their units and sub-units, and items escalated to them. */
export function scopedItems(db: Database, user: SessionUser) {
  let q = db
    .selectFrom('feedback_items as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .leftJoin('units as e', 'e.id', 'f.escalated_to')
    .where('f.spam', '=', false);
  const scope = scopedUnitIds(db, user);
  if (scope) {
    const ids = scopedUnitIds(db, user)!;
    q = q.where((eb) => eb.or([eb('f.unit_id', 'in', scope), eb('f.escalated_to', 'in', ids)]));
  }
  return q;
}

const overdueExpr = (today: string) =>
  sql<boolean>`(f.status in (${sql.join(OPEN_STATUSES)}) and f.deadline < ${today}::date)`;

export async function listFeedback(
  db: Database,
  user: SessionUser,
  filter: ListFilter,
  now = new Date(),
): Promise<TFeedbackList> {
  const today = localDay(now);
  let q = scopedItems(db, user);
  if (filter.status === 'open') q = q.where('f.status', 'in', OPEN_STATUSES);
  else if (filter.status) q = q.where('f.status', '=', filter.status);
  if (filter.overdue) q = q.where(overdueExpr(today));
  if (filter.unit) q = q.where('f.unit_id', '=', filter.unit);
  if (filter.category) q = q.where('f.category', '=', filter.category);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('f.content', 'ilike', like), eb('f.code', '=', filter.q!.toUpperCase())]));
  }
  const counters = await scopedItems(db, user)
    .select([
      sql<number>`count(*) filter (where f.status = 'new')::int`.as('new'),
      sql<number>`count(*) filter (where f.status in (${sql.join(OPEN_STATUSES)}))::int`.as('open'),
      sql<number>`count(*) filter (where ${overdueExpr(today)})::int`.as('overdue'),
    ])
    .executeTakeFirstOrThrow();
  const total = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select([
      'f.code',
      'f.status',
      'f.category',
      'f.channel',
      'f.content',
      'f.created_at',
      'f.published_at',
      dayText('f.deadline').as('deadline'),
      'u.code as unitCode',
      'u.name as unitName',
      'e.code as escCode',
      'e.name as escName',
      overdueExpr(today).as('overdue'),
      sql<number>`(select count(*)::int from feedback_photos p where p.feedback_id = f.id)`.as('photos'),
    ])
    .orderBy(overdueExpr(today), 'desc')
    .orderBy('f.created_at', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { items: rows.map(listItem), total: total.n, counters };
}

interface ListRow {
  code: string;
  status: string;
  category: string;
  channel: string;
  content: string;
  created_at: Date;
  published_at: Date | null;
  deadline: string;
  unitCode: string;
  unitName: string;
  escCode: string | null;
  escName: string | null;
  overdue: boolean;
  photos: number;
}

function listItem(r: ListRow): TFeedbackListItem {
  return {
    code: r.code,
    status: r.status as TFeedbackStatus,
    category: r.category,
    channel: r.channel as TFeedbackListItem['channel'],
    unit: { code: r.unitCode, name: r.unitName },
    excerpt: r.content.length > 160 ? `${r.content.slice(0, 157)}…` : r.content,
    createdAt: r.created_at.toISOString(),
    deadline: r.deadline,
    overdue: r.overdue,
    escalatedTo: r.escCode && r.escName ? { code: r.escCode, name: r.escName } : null,
    photos: r.photos,
    published: r.published_at !== null,
  };
}

/** One item with its history, for a reader in scope; contact only for its handlers and admins. */
export async function feedbackDetail(
  db: Database,
  user: SessionUser,
  code: string,
  canHandle: (unitId: number) => Promise<boolean>,
  now = new Date(),
): Promise<(TFeedbackDetail & { unitId: number }) | undefined> {
  const today = localDay(now);
  const r = await scopedItems(db, user)
    .innerJoin('units as o', 'o.id', 'f.origin_unit_id')
    .select([
      'f.id',
      'f.code',
      'f.status',
      'f.category',
      'f.channel',
      'f.content',
      'f.contact',
      'f.contact_purged_at',
      'f.reply',
      'f.replied_at',
      'f.closed_at',
      'f.created_at',
      'f.published_at',
      'f.published_issue',
      'f.published_action',
      'f.unit_id',
      dayText('f.deadline').as('deadline'),
      'u.code as unitCode',
      'u.name as unitName',
      'o.code as originCode',
      'o.name as originName',
      'e.code as escCode',
      'e.name as escName',
      overdueExpr(today).as('overdue'),
      sql<number>`(select count(*)::int from feedback_photos p where p.feedback_id = f.id)`.as('photos'),
    ])
    .where('f.code', '=', code.toUpperCase())
    .executeTakeFirst();
  if (!r) return undefined;
  const handles = isAdmin(user) || (await canHandle(r.unit_id));
  const events = await db
    .selectFrom('feedback_events as ev')
    .leftJoin('users as a', 'a.id', 'ev.actor_id')
    .leftJoin('units as eu', 'eu.id', 'ev.unit_id')
    .select(['ev.at', 'ev.kind', 'ev.from_status', 'ev.to_status', 'ev.text', 'a.display_name', 'eu.code', 'eu.name'])
    .where('ev.feedback_id', '=', r.id)
    .orderBy('ev.at')
    .orderBy('ev.id')
    .execute();
  return {
    ...listItem(r),
    id: r.id,
    unitId: r.unit_id,
    content: r.content,
    originUnit: { code: r.originCode, name: r.originName },
    reply: r.reply,
    repliedAt: r.replied_at?.toISOString() ?? null,
    closedAt: r.closed_at?.toISOString() ?? null,
    contact: handles && r.contact ? (r.contact as TFeedbackDetail['contact']) : null,
    contactPurged: r.contact_purged_at !== null,
    canHandle: handles,
    publishedIssue: r.published_issue,
    publishedAction: r.published_action,
    events: events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      actor: e.display_name,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      unit: e.code && e.name ? { code: e.code, name: e.name } : null,
      text: e.text,
    })),
  };
}

/** Handling figures per unit (metrics.ts), for the CCHC table and the period reports. */
export { feedbackMetricsWithin, type MetricsWhere } from './metrics.js';
