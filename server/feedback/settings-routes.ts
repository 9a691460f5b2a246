import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FEEDBACK_CATEGORIES } from '../../domain/contract/feedback-codes.js';
import { ZFeedbackSettings } from '../../domain/contract/feedback.js';
import { recordAudit } from '../audit/record.js';
import { safeText, ZErrorBody, ZLocalDay } from '../http/schemas.js';
import { invalidField } from '../http/validation.js';
import { listCalendarDays, loadSettings, saveSettings } from './settings.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

/** Deadlines per category, retention, and the admin's days of the working-day calendar. */
export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const current = async () => ({ ...(await loadSettings(app.db)), calendar: await listCalendarDays(app.db) });

  app.get(
    '/api/v1/feedback/settings',
    {
      config: { access: ['admin', 'analyst', 'unit_manager'] },
      schema: {
        tags: ['feedback'],
        summary: 'Deadlines in working days per category, retention in months, added calendar days',
        response: { 200: ZFeedbackSettings, ...errors },
      },
    },
    async () => current(),
  );

  app.put(
    '/api/v1/feedback/settings',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['feedback'],
        summary: 'Change deadlines and retention (new items get the new deadlines)',
        body: ZFeedbackSettings.pick({ deadlines: true, retentionMonths: true }),
        response: { 200: ZFeedbackSettings, ...errors },
      },
    },
    async (request) => {
      const { deadlines, retentionMonths } = request.body;
      const unknown = Object.keys(deadlines).filter((k) => !(FEEDBACK_CATEGORIES as readonly string[]).includes(k));
      if (unknown.length > 0) throw invalidField(`deadlines.${unknown[0]}`, 'không có lĩnh vực này');
      const before = await loadSettings(app.db);
      const next = { deadlines: { ...before.deadlines, ...deadlines }, retentionMonths };
      await app.db.transaction().execute(async (trx) => {
        await saveSettings(trx, next, request.user!.id);
        await recordAudit(trx, {
          actorId: request.user!.id,
          action: 'feedback.settings',
          targetType: 'feedback_settings',
          details: { before, after: next },
        });
      });
      return current();
    },
  );

  app.put(
    '/api/v1/feedback/settings/calendar/:day',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['feedback'],
        summary: 'Add or change a day of the working-day calendar: a day off, or a working day (a swap)',
        params: z.object({ day: ZLocalDay }),
        body: z.object({
          kind: z.enum(['off', 'working']),
          name: safeText().trim().min(1, 'cần tên ngày').max(200),
        }),
        response: { 200: ZFeedbackSettings, ...errors },
      },
    },
    async (request) => {
      const { day } = request.params;
      await app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('calendar_days')
          .values({ day, kind: request.body.kind, name: request.body.name, created_by: request.user!.id })
          .onConflict((oc) => oc.column('day').doUpdateSet({ kind: request.body.kind, name: request.body.name }))
          .execute();
        await recordAudit(trx, {
          actorId: request.user!.id,
          action: 'feedback.settings',
          targetType: 'calendar_day',
          targetId: day,
          details: { kind: request.body.kind, name: request.body.name },
        });
      });
      return current();
    },
  );

  app.delete(
    '/api/v1/feedback/settings/calendar/:day',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['feedback'],
        summary: 'Remove an added calendar day (the built-in holidays stay)',
        params: z.object({ day: ZLocalDay }),
        response: { 200: ZFeedbackSettings, ...errors },
      },
    },
    async (request) => {
      const { day } = request.params;
      await app.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('calendar_days').where('day', '=', day).execute();
        await recordAudit(trx, {
          actorId: request.user!.id,
          action: 'feedback.settings',
          targetType: 'calendar_day',
          targetId: day,
          details: { removed: true },
        });
      });
      return current();
    },
  );
};
