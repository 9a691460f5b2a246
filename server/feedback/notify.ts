import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { z } from 'zod';
import { CATEGORY_TEXT, type TFeedbackCategory } from '../../domain/contract/feedback-codes.js';
import { formatLocalDate } from '../../domain/periods.js';
import type { Database } from '../db/schema.js';

/**
 * E-mail, when SMTP is configured (SMTP_URL, e.g. smtps://user:pass@mail.sogd.example.vn; SMTP_FROM):
 * to the unit's managers on a new and on an overdue item, and to the citizen on a reply when they
 * gave an e-mail address with their consent. Without SMTP the admin page's counters are the
 * notification. A failed e-mail is logged, never fails the step that caused it.
 */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
}
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

const ZMailEnv = z.object({
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'SMTP_URL phải có dạng smtp://… hoặc smtps://…')
    .optional(),
  SMTP_FROM: z.string().min(3).max(200).default('Hài lòng <no-reply@localhost>'),
});

/** A mailer over a nodemailer transport (SMTP in production; tests pass { jsonTransport: true }). */
export function createMailer(
  transport: string | SMTPTransport.Options | { jsonTransport: true },
  from: string,
): Mailer {
  const transporter = nodemailer.createTransport(transport as SMTPTransport.Options);
  return {
    async send(mail) {
      if (mail.to.length === 0) return;
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}

/** The mailer the environment asks for, or null. A malformed SMTP_URL stops start-up with its name. */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const parsed = ZMailEnv.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`).join('; '));
  return parsed.data.SMTP_URL ? createMailer(parsed.data.SMTP_URL, parsed.data.SMTP_FROM) : null;
}

/** E-mail addresses of the unit managers of these units. */
async function managerEmails(db: Database, unitIds: number[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select('u.email')
    .distinct()
    .where('r.role', '=', 'unit_manager')
    .where('r.unit_id', 'in', unitIds)
    .where('u.disabled_at', 'is', null)
    .execute();
  return rows.map((r) => r.email);
}

async function itemOf(db: Database, code: string) {
  return db
    .selectFrom('feedback_items as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .select([
      'f.code',
      'f.unit_id',
      'f.escalated_to',
      'f.category',
      'f.contact',
      'f.consent',
      'f.reply',
      'f.spam',
      'u.name',
    ])
    .select((eb) => eb.fn<string>('to_char', [eb.ref('f.deadline'), eb.val('YYYY-MM-DD')]).as('deadline'))
    .where('f.code', '=', code)
    .executeTakeFirst();
}

const link = (base: string | undefined, path: string) => (base ? `${base.replace(/\/$/, '')}${path}` : path);

export async function notifyNew(db: Database, mailer: Mailer, code: string, baseUrl?: string): Promise<void> {
  const item = await itemOf(db, code);
  if (!item || item.spam) return;
  await mailer.send({
    to: await managerEmails(db, [item.unit_id]),
    subject: `[Phản ánh ${item.code}] ${CATEGORY_TEXT[item.category as TFeedbackCategory]?.vi ?? item.category} — ${item.name}`,
    text:
      `Đơn vị ${item.name} có phản ánh mới, mã ${item.code}.\n` +
      `Hạn trả lời: ${formatLocalDate(item.deadline)} (ngày làm việc).\n` +
      `Xem và xử lý: ${link(baseUrl, `/admin/feedback?code=${item.code}`)}\n`,
  });
}

export async function notifyOverdue(db: Database, mailer: Mailer, codes: string[], baseUrl?: string): Promise<void> {
  for (const code of codes) {
    const item = await itemOf(db, code);
    if (!item) continue;
    await mailer.send({
      to: await managerEmails(db, [item.unit_id, ...(item.escalated_to ? [item.escalated_to] : [])]),
      subject: `[Phản ánh ${item.code}] Quá hạn trả lời — ${item.name}`,
      text:
        `Phản ánh ${item.code} của ${item.name} đã quá hạn trả lời (${formatLocalDate(item.deadline)}) và được báo lên cấp trên.\n` +
        `Xem: ${link(baseUrl, `/admin/feedback?code=${item.code}`)}\n`,
    });
  }
}

/** The citizen hears of the answer only at the address they gave, with their consent; the text says no more than the status page. */
export async function notifyReply(db: Database, mailer: Mailer, code: string, baseUrl?: string): Promise<void> {
  const item = await itemOf(db, code);
  const email = (item?.contact as { email?: string } | null)?.email;
  if (!item || !item.consent || !email || !item.reply) return;
  await mailer.send({
    to: [email],
    subject: `Trả lời phản ánh ${item.code}`,
    text:
      `${item.name} đã trả lời phản ánh mã ${item.code} của Ông/Bà:\n\n${item.reply}\n\n` +
      `Xem tại: ${link(baseUrl, `/phan-anh/${item.code}`)}\n`,
  });
}
