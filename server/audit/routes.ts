import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { ZAuditPage } from '../../domain/contract/audit.js';
import { localDayStart } from '../../domain/periods.js';
import type { Database } from '../db/schema.js';
import { ZLocalDay } from '../http/schemas.js';

export const AUDIT_PAGE_SIZE = 50;

const ZDay = ZLocalDay;

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  target?: string | undefined;
}

export async function listAudit(db: Database, filter: AuditFilter, page: number) {
  let query = db.selectFrom('audit_log');
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.actor) {
    const like = `%${filter.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where('actor_label', 'ilike', like);
  }
  if (filter.target) query = query.where('target_id', '=', filter.target);
  if (filter.from) query = query.where('at', '>=', localDayStart(filter.from));
  if (filter.to) query = query.where('at', '<', localDayStart(filter.to, 1));
  const [rows, count] = await Promise.all([
    query
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(AUDIT_PAGE_SIZE)
      .offset((page - 1) * AUDIT_PAGE_SIZE)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorLabel: r.actor_label,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
    })),
    total: Number(count.n),
  };
}

/** The append-only audit log, for administrators: who did what, when, to what. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['audit'],
        summary: `The audit log, newest first, ${AUDIT_PAGE_SIZE} entries a page; filter by action, actor, target and days (Vietnam time, both inclusive)`,
        querystring: z
          .object({
            action: z
              .string()
              .trim()
              .regex(/^[a-z_]+(\.[a-z_]+)*$/, 'hành động không hợp lệ')
              .max(60)
              .optional(),
            actor: z.string().trim().min(1).max(320).optional(),
            target: z.string().trim().min(1).max(100).optional(),
            from: ZDay.optional(),
            to: ZDay.optional(),
            page: z.coerce.number({ message: 'trang phải là số' }).int().min(1).max(100_000).default(1),
          })
          .refine((q) => !q.from || !q.to || q.from <= q.to, {
            path: ['to'],
            message: '"đến ngày" phải sau "từ ngày"',
          }),
        response: {
          200: ZAuditPage,
        },
      },
    },
    async (request) => {
      const { page, ...filter } = request.query;
      const [{ entries, total }, actions] = await Promise.all([
        listAudit(app.db, filter, page),
        app.db
          .selectFrom('audit_log')
          .select('action')
          .distinct()
          .orderBy(sql`action`)
          .execute(),
      ]);
      return { entries, page, pageSize: AUDIT_PAGE_SIZE, total, actions: actions.map((a) => a.action) };
    },
  );
};
