import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ZInterviewContact,
  ZInterviewContactsAdd,
  ZInterviewList,
  ZInterviewListCreate,
  ZInterviewListDetail,
  ZInterviewLists,
  ZInterviewOutcome,
  ZInterviewResponse,
  ZInterviewResponseResult,
} from '../../domain/contract/interviews.js';
import { scopedUnitIds } from '../auth/scope.js';
import { ZErrorBody, ZIdParam } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { integrityKeyLoader } from '../responses/secrets.js';
import * as staff from '../responses/staff-entry.js';
import { completeInterview } from './complete.js';
import {
  contactOut,
  createList,
  findContact,
  findList,
  insertContacts,
  listContacts,
  listLists,
  recordAttempt,
} from './queries.js';

const listNotFound = () => new HttpError(404, 'not_found', 'Không tìm thấy danh sách phỏng vấn');
const contactNotFound = () => new HttpError(404, 'not_found', 'Không tìm thấy người được chọn này');
const closedMessage = 'Người này đã trả lời hoặc đã từ chối; không ghi thêm kết quả cuộc gọi';
/** A closed list is for good (its remaining numbers are being or were cleared): 409 on every write to it. */
const listClosed = (what: string) =>
  new HttpError(
    409,
    'list_closed',
    `Danh sách phỏng vấn này đã đóng; không ${what}. Cần gọi tiếp thì lập danh sách mới.`,
  );

export const interviewRoutes: FastifyPluginAsyncZod = async (app) => {
  // Analysts read the lists' progress and response rates; only units' staff and admins interview,
  // and only they see the people on a list (a way to reach them is personal data).
  const [readers, interviewers] = [staff.READERS, staff.OPERATORS];
  const getKey = integrityKeyLoader(app.db);

  app.post(
    '/api/v1/interviews/lists',
    {
      config: { access: interviewers },
      schema: {
        tags: ['interviews'],
        summary: "Make a list of selected people to interview, for one unit and a survey's current version",
        body: ZInterviewListCreate,
        response: { 201: ZInterviewList, 400: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { label, mode, contacts } = request.body;
      const resolved = await staff.resolveTarget(app.db, user, request.body);
      if ('fields' in resolved) throw validationError(resolved.fields);
      const id = await createList(app.db, { ...resolved.target, label, mode, contacts, createdBy: user.id });
      const found = await findList(app.db, id, null);
      return reply.status(201).send(found!.list);
    },
  );

  app.get(
    '/api/v1/interviews/lists',
    {
      config: { access: readers },
      schema: {
        tags: ['interviews'],
        summary: 'Interview lists in your scope, newest first, with their progress and response rate',
        querystring: staff.ZListFilter,
        response: { 200: ZInterviewLists },
      },
    },
    async (request) => ({ items: await listLists(app.db, request.query, scopedUnitIds(app.db, request.user!)) }),
  );

  app.get(
    '/api/v1/interviews/lists/:id',
    {
      config: { access: interviewers },
      schema: {
        tags: ['interviews'],
        summary: 'One list with its selected people and the questionnaire to read out',
        params: ZIdParam,
        response: { 200: ZInterviewListDetail, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const found = await findList(app.db, request.params.id, scopedUnitIds(app.db, request.user!));
      if (!found) throw listNotFound();
      const contacts = await listContacts(app.db, found.row.id);
      return reply.header('cache-control', 'private, no-store').send({
        ...found.list,
        contacts: contacts.map(contactOut),
        definition: found.row.definition as unknown as Record<string, unknown>,
      });
    },
  );

  app.post(
    '/api/v1/interviews/lists/:id/contacts',
    {
      config: { access: interviewers },
      schema: {
        tags: ['interviews'],
        summary: 'Add selected people to a list (numbered after the ones on it)',
        description: '409 when the list is closed.',
        params: ZIdParam,
        body: ZInterviewContactsAdd,
        response: { 201: ZInterviewList, 404: ZErrorBody, 400: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const found = await findList(app.db, request.params.id, scopedUnitIds(app.db, request.user!));
      if (!found) throw listNotFound();
      const added = await app.db
        .transaction()
        .execute((trx) => insertContacts(trx, found.row.id, request.body.contacts));
      if (!added) throw listClosed('thêm người được chọn');
      const now = await findList(app.db, found.row.id, null);
      return reply.status(201).send(now!.list);
    },
  );

  app.post(
    '/api/v1/interviews/contacts/:id/outcome',
    {
      config: { access: interviewers },
      schema: {
        tags: ['interviews'],
        summary: 'Record a call that gave no answer: refused (with a reason), not reached, or a call-back time',
        description: '409 when the person already answered or refused (both are final), or the list is closed.',
        params: ZIdParam,
        body: ZInterviewOutcome,
        response: { 200: ZInterviewContact, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const user = request.user!;
      const contact = await findContact(app.db, request.params.id, scopedUnitIds(app.db, user));
      if (!contact) throw contactNotFound();
      const body = request.body;
      const recorded = await app.db.transaction().execute((trx) =>
        recordAttempt(trx, {
          contactId: contact.id,
          outcome: body.outcome,
          interviewerId: user.id,
          reason: body.outcome === 'refused' ? body.reason : undefined,
          callbackAt: body.outcome === 'callback' ? body.callbackAt : undefined,
        }),
      );
      if ('refused' in recorded) {
        if (recorded.refused === 'list_closed') throw listClosed('ghi thêm kết quả cuộc gọi');
        throw new HttpError(409, 'contact_closed', closedMessage);
      }
      return contactOut(recorded.contact);
    },
  );

  app.post(
    '/api/v1/interviews/responses',
    {
      bodyLimit: staff.ANSWER_BODY_LIMIT,
      config: { access: interviewers },
      schema: {
        tags: ['interviews'],
        summary:
          'Store the answer of a completed interview (idempotent by id): channel interview, the interviewer as operator',
        description:
          'Validated as the phone is. 400 for invalid answers, 404 for a person out of your scope, 409 for a person ' +
          'who already answered or refused, a closed list, or the same id with another body, 200 for a replay of ' +
          'the same answer (also on a closed list).',
        body: ZInterviewResponse,
        response: staff.entryResponses(ZInterviewResponseResult),
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const body = request.body;
      const scope = scopedUnitIds(app.db, user);
      const contact = await findContact(app.db, body.contactId, scope);
      if (!contact) throw contactNotFound();
      const found = await findList(app.db, contact.listId, null);
      if (!found) throw contactNotFound();
      const outcome = await completeInterview(
        app.db,
        { versionId: found.row.versionId, linkCode: found.row.linkCode },
        contact,
        body,
        { key: await getKey(), ip: request.ip, operatorId: user.id },
      );
      if ('refused' in outcome) {
        if (outcome.refused === 'contact_closed') throw new HttpError(409, 'contact_closed', outcome.message);
        if (outcome.refused === 'list_closed') throw listClosed('nhận thêm phiếu phỏng vấn');
        throw staff.entryError(outcome, {
          invalid: 'Phiếu phỏng vấn chưa hợp lệ, vui lòng kiểm tra lại',
          idConflict: 'Mã phiếu này đã được dùng cho một phiếu khác',
        });
      }
      return reply
        .status(outcome.status)
        .header('cache-control', 'no-store')
        .send({ id: body.id, contact: outcome.contact });
    },
  );
};
