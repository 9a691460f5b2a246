import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Config } from '../config.js';
import { ZErrorBody, ZIdParam } from '../http/schemas.js';
import { HttpError } from '../plugins/errors.js';
import * as staff from '../responses/staff-entry.js';
import { startInterviewJobs } from './retention.js';

const ZListClosed = z.object({
  id: z.number(),
  closedAt: z.string().describe('ISO 8601 instant'),
  /** From this instant on the retention job clears the contact details still on the list. */
  contactsClearedFrom: z.string(),
  retentionDays: z.number(),
});

/**
 * Closing an interview list, and the job that clears the contact details left on closed lists
 * (server/interviews/retention.ts). Apart from the list and call routes so that the retention
 * rule reads in one place.
 */
export const interviewRetentionRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const retentionDays = config.INTERVIEW_CONTACT_RETENTION_DAYS;
  const everySeconds = config.INTERVIEW_JOBS_INTERVAL_SECONDS ?? (config.NODE_ENV === 'test' ? 0 : 3600);
  if (everySeconds > 0) {
    const jobs = startInterviewJobs({
      db: app.db,
      connectionString: app.pg.pool.options.connectionString!,
      retentionDays,
      everyMs: everySeconds * 1000,
      log: (err) => app.log.error({ err }, 'interview retention job failed'),
      onCleared: (lists) => app.log.info({ lists }, 'interview contacts cleared'),
    });
    app.addHook('onClose', async () => jobs.stop());
  }

  app.post(
    '/api/v1/interviews/lists/:id/close',
    {
      config: { access: staff.OPERATORS },
      schema: {
        tags: ['interviews'],
        summary:
          'Close a list: its calling is over; the contact details left on it are cleared after the retention days',
        description:
          'Closing twice answers the first closing. A list outside the caller’s units reads as unknown (404).',
        params: ZIdParam,
        response: { 200: ZListClosed, 404: ZErrorBody, 400: ZErrorBody },
      },
    },
    async (request) => {
      const user = request.user!;
      const scope = scopedUnitIds(app.db, user);
      const closed = await app.db.transaction().execute(async (trx) => {
        let q = trx
          .selectFrom('interview_lists')
          .select(['id', 'closed_at'])
          .where('id', '=', request.params.id)
          .forUpdate();
        if (scope) q = q.where('unit_id', 'in', scope);
        const list = await q.executeTakeFirst();
        if (!list) return undefined;
        if (list.closed_at) return { id: list.id, at: list.closed_at };
        const row = await trx
          .updateTable('interview_lists')
          .set({ closed_at: new Date(), closed_by: user.id })
          .where('id', '=', list.id)
          .returning(['id', 'closed_at'])
          .executeTakeFirstOrThrow();
        await recordAudit(trx, {
          actorId: user.id,
          action: 'interviews.close',
          targetType: 'interview_list',
          targetId: row.id,
          details: { retentionDays },
        });
        return { id: row.id, at: row.closed_at! };
      });
      if (!closed) throw new HttpError(404, 'not_found', 'Không tìm thấy danh sách phỏng vấn');
      return {
        id: closed.id,
        closedAt: closed.at.toISOString(),
        contactsClearedFrom: new Date(closed.at.getTime() + retentionDays * 86_400_000).toISOString(),
        retentionDays,
      };
    },
  );
};
