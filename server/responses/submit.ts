import { createHash } from 'node:crypto';
import { sql, type CompiledQuery } from 'kysely';
import {
  buildAnswersSchema,
  checkAnswers,
  COMMENT_MAX_LENGTH,
  type Answers,
  type AnswersSchema,
} from '../../domain/answers.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { Database } from '../db/schema.js';
import { campaignNotice } from '../../domain/campaigns.js';
import { localDay } from '../../domain/periods.js';
import { checkKioskAnswer } from '../kiosks/queries.js';
import { CODE_PATTERN } from '../links/codes.js';
import { answerOfficer } from '../officers/queries.js';
import type { FieldError } from '../plugins/errors.js';
import type { NewResponse } from './batch.js';
import { insertResponses } from './insert.js';
import {
  lookupQuery,
  BURST_LIMIT,
  STAFF_CHANNELS,
  type FastAnswer,
  type FastResult,
  type Flag,
  type LookupArgs,
  type LookupRow,
} from './lookup.js';
import { keyedHash } from './secrets.js';

export interface Submission {
  id: string;
  linkCode: string;
  versionId: number;
  answers: Record<string, unknown>;
  comment?: string | null | undefined;
  /** When the form was opened (the phone's clock). */
  startedAt?: string | undefined;
  /** When the person pressed "send" (the phone's clock); with startedAt it gives the time spent, whatever the clock's error. */
  finishedAt?: string | undefined;
  deviceToken?: string | undefined;
  /** Honeypot: a field people never see, so never fill. */
  website?: string | undefined;
  /** Sent by a kiosk tablet (server/kiosks): the answer is the kiosk's, checked by the kiosk guard. */
  kioskToken?: string | undefined;
  /** The officer the respondent picked on a link or kiosk that offers a choice (server/officers). */
  officerId?: number | undefined;
}

/**
 * What a replay must repeat exactly. Timestamps and the device token are left out on purpose: a
 * phone that re-sends from its outbox sends the same answers, not necessarily the same metadata.
 */
export function bodyHash(s: Pick<Submission, 'linkCode' | 'versionId' | 'answers' | 'comment' | 'officerId'>): string {
  const comment = typeof s.comment === 'string' && s.comment.trim() !== '' ? s.comment.trim() : null;
  // The picked officer is part of the answer; left out when absent so that earlier hashes still match.
  const officer = s.officerId !== undefined ? { officerId: s.officerId } : {};
  return createHash('sha256')
    .update(canonicalJson({ linkCode: s.linkCode, versionId: s.versionId, answers: s.answers, comment, ...officer }))
    .digest('hex');
}

/** Published versions never change, so their compiled answer schemas are kept. */
const schemas = new Map<number, { definition: TSurveyDefinition; schema: AnswersSchema }>();

async function versionSchema(db: Database, versionId: number) {
  let entry = schemas.get(versionId);
  if (!entry) {
    const row = await db
      .selectFrom('survey_versions')
      .select('definition')
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!row) return undefined;
    const definition = row.definition as TSurveyDefinition;
    entry = { definition, schema: buildAnswersSchema(definition) };
    if (schemas.size >= 500) schemas.clear();
    schemas.set(versionId, entry);
  }
  return entry;
}

/** What became of a submission; the route turns it into a status (responses/routes.ts). */
export type SubmitOutcome =
  | { status: 200 | 201; flags: Flag[] }
  | { refused: 'link_not_found' | 'link_retired' | 'id_conflict' }
  | { refused: 'invalid'; fields: FieldError[] };

/** A survey run as a campaign refuses answers outside its dates (#12.7); `message` says when it runs. */
export type CampaignClosed = { refused: 'campaign_closed'; message: string };

const invalid = (fields: FieldError[]): SubmitOutcome => ({ refused: 'invalid', fields });
const refused = (reason: 'link_not_found' | 'link_retired' | 'id_conflict'): SubmitOutcome => ({ refused: reason });

/** A replay of an id already stored: 200 with the same body, 409 with another; undefined when new. */
async function replayOutcome(db: Database, id: string, hash: string): Promise<200 | 409 | undefined> {
  // Through response_ids (migrations/0160): its submitted_at names the one month partition to read.
  const { rows } = await sql<{ body_hash: string | null }>`
    select (select r.body_hash from responses r where r.id = i.id and r.submitted_at = i.submitted_at) as body_hash
      from response_ids i where i.id = ${id}::uuid`.execute(db);
  const stored = rows[0];
  if (!stored) return undefined;
  // Known, but its month was archived by retention: a phone's late retry of what it sent then.
  if (stored.body_hash === null) return 200;
  return stored.body_hash === hash ? 200 : 409;
}

/** A bound on the time spent, in seconds: the schema keeps both instants within days of now anyway. */
const MAX_ELAPSED_SECONDS = 366 * 24 * 3600;

/**
 * Seconds between opening the form and sending it, on the phone's own clock (its error cancels
 * out). Without a finish time, or with one past the server's now plus a day, the server's clock
 * ends it. Clamped, so that no pair of instants can make an absurd or non-finite figure.
 */
function elapsedSeconds(s: Submission, now: Date): number | undefined {
  const started = s.startedAt ? Date.parse(s.startedAt) : NaN;
  if (!Number.isFinite(started)) return undefined;
  const finished = s.finishedAt ? Date.parse(s.finishedAt) : NaN;
  const end = Number.isFinite(finished) && finished <= now.getTime() + 24 * 3600_000 ? finished : now.getTime();
  return Math.min(Math.max((end - started) / 1000, -MAX_ELAPSED_SECONDS), MAX_ELAPSED_SECONDS);
}

/** The flags an answer gets whatever the look-up finds (submit.ts adds burst, duplicate device, kiosk interval). */
function baseFlags(s: Submission, definition: TSurveyDefinition, now: Date): Flag[] {
  const flags: Flag[] = [];
  if (s.website && s.website.trim() !== '') flags.push('honeypot');
  const elapsed = elapsedSeconds(s, now);
  if (elapsed !== undefined && elapsed < definition.minSecondsToComplete) flags.push('too_fast');
  return flags;
}

const commentFits = (comment: string, definition: TSurveyDefinition) =>
  comment.length <= COMMENT_MAX_LENGTH && (!comment || definition.allowComment);

export interface SubmitContext {
  key: Buffer;
  ip: string;
  now?: Date;
  /** Inserts the row unless its id is claimed (insert.ts); true when inserted. Default: one statement of its own. */
  insert?: (row: NewResponse) => Promise<boolean>;
  /**
   * Refuse answers to a campaign's survey outside its dates (the public submission route). Staff
   * entering paper sheets collected earlier are not bound by the dates, so it is off by default.
   */
  enforceCampaign?: boolean;
  /**
   * Runs the link and integrity look-up as a named prepared statement (routes.ts), planned once per
   * connection: planning that join cost about twice its execution, on every answer. Default: unnamed.
   */
  prepared?: <R>(query: CompiledQuery<R>) => Promise<R[]>;
  /** Runs the look-up, e.g. batched with other answers' (lookup-batch.ts); default: alone, through `prepared`. */
  lookup?: (args: LookupArgs) => Promise<LookupRow[]>;
  /** The look-up and the insert in one round trip when nothing else needs checking (lookup-insert.ts). */
  lookupAndInsert?: (answer: FastAnswer) => Promise<FastResult | undefined>;
  /**
   * The public submission route: links of the staff-entered channels (paper, interview) are not
   * open to it, or anyone holding such a code could add self-selected answers counted as sampled.
   */
  publicEntry?: boolean;
}

async function insertAlone(db: Database, row: NewResponse): Promise<boolean> {
  return (await insertResponses(db, [row])).has(row.id);
}

/**
 * Store one answer exactly once. The id is the client's idempotency key: the row is inserted only if
 * it claims its id (insert.ts), and when the id is taken the stored body hash decides between a replay (200)
 * and a different answer under the same id (409). Nothing is written unless every check passes,
 * and the caller answers 201 only after the insert has committed.
 */
export async function submitResponse(
  db: Database,
  s: Submission,
  ctx: SubmitContext & { enforceCampaign: true },
): Promise<SubmitOutcome | CampaignClosed>;
export async function submitResponse(
  db: Database,
  s: Submission,
  ctx: SubmitContext & { enforceCampaign?: false },
): Promise<SubmitOutcome>;
export async function submitResponse(
  db: Database,
  s: Submission,
  ctx: SubmitContext,
): Promise<SubmitOutcome | CampaignClosed> {
  const now = ctx.now ?? new Date();
  // PostgreSQL returns uuids in lower case; compare and store them so.
  s = { ...s, id: s.id.toLowerCase() };
  const hash = bodyHash(s);
  if (!CODE_PATTERN.test(s.linkCode)) return refused('link_not_found');

  // Validated before the link is even read (the version's schema is cached), so that the link,
  // the version check and the integrity look-up are one round trip to the database. Problems are
  // reported after the link's: an unknown or retired link answers 404/410 whatever the answers.
  const version = await versionSchema(db, s.versionId);
  const checked = version ? checkAnswers(version.schema, version.definition, s.answers) : undefined;
  const comment = typeof s.comment === 'string' ? s.comment.trim() : '';
  // A kiosk is one tablet for many people: no device identity, so no burst or duplicate-device check.
  const deviceHash = s.deviceToken && !s.kioskToken ? keyedHash(ctx.key, 'device', s.deviceToken) : null;
  const lookUpDevice = deviceHash !== null && checked?.ok === true;
  const args: LookupArgs = {
    versionId: s.versionId,
    enforce: ctx.enforceCampaign === true,
    answers: lookUpDevice ? JSON.stringify(checked.answers) : null,
    lookUp: lookUpDevice,
    deviceHash,
    id: s.id,
    linkCode: s.linkCode,
  };
  const simple = checked?.ok && !s.kioskToken && s.officerId === undefined && commentFits(comment, version!.definition);
  const early =
    simple && ctx.lookupAndInsert
      ? await ctx.lookupAndInsert({
          args,
          day: localDay(now),
          publicEntry: ctx.publicEntry === true,
          answers: checked.answers,
          comment: comment || null,
          startedAt: s.startedAt ?? null,
          bodyHash: hash,
          ipHash: keyedHash(ctx.key, 'ip', ctx.ip),
          flags: baseFlags(s, version!.definition, now),
        })
      : undefined;
  if (early?.inserted) return { status: 201, flags: early.flags };
  const rows = early
    ? early.rows
    : ctx.lookup
      ? await ctx.lookup(args)
      : ctx.prepared
        ? await ctx.prepared(lookupQuery(db, args))
        : (await db.executeQuery(lookupQuery(db, args))).rows;
  const target = rows[0];
  if (!target || (ctx.publicEntry && STAFF_CHANNELS.has(target.channel))) return refused('link_not_found');
  if (target.retired_at) {
    // An answer stored before the link was retired, re-sent by a phone that never heard back, is still a success.
    const replay = await replayOutcome(db, s.id, hash);
    if (replay === 200) return { status: 200, flags: [] };
    return refused(replay === 409 ? 'id_conflict' : 'link_retired');
  }
  const campaign = ctx.enforceCampaign ? campaignNotice(localDay(now), target.campaigns) : undefined;
  if (campaign && !campaign.open) {
    // As for a retired link: an answer stored in time and re-sent after the close is still a success.
    const replay = await replayOutcome(db, s.id, hash);
    if (replay === 200) return { status: 200, flags: [] };
    if (replay === 409) return refused('id_conflict');
    return { refused: 'campaign_closed', message: `${campaign.title}. ${campaign.message}` };
  }
  if (!version || !checked || !target.version_ok) {
    return invalid([{ path: 'versionId', message: 'Phiên bản này không thuộc khảo sát của đường dẫn' }]);
  }
  const { definition } = version;
  const fields: FieldError[] = checked.ok
    ? []
    : checked.problems.map((p) => ({ path: p.key ? `answers.${p.key}` : 'answers', message: p.message }));
  if (comment.length > COMMENT_MAX_LENGTH) {
    fields.push({ path: 'comment', message: `Góp ý tối đa ${COMMENT_MAX_LENGTH} ký tự` });
  } else if (comment && !definition.allowComment) {
    fields.push({ path: 'comment', message: 'Phiếu này không có ô góp ý' });
  }
  const kiosk = s.kioskToken
    ? await checkKioskAnswer(db, { token: s.kioskToken, linkId: target.id, responseId: s.id, startedAt: s.startedAt })
    : undefined;
  if (kiosk?.status === 'unknown') fields.push({ path: 'kioskToken', message: 'Máy khảo sát không thuộc phiếu này' });
  // The officer served (#12.5): a link bound to one is read above; a kiosk or a pick needs a look-up.
  const kioskId = kiosk?.status === 'ok' ? kiosk.id : null;
  const officer =
    kioskId === null && s.officerId === undefined
      ? { status: 'ok' as const, officerId: target.officer_id === null ? null : Number(target.officer_id) }
      : await answerOfficer(db, { linkId: target.id, kioskId, picked: s.officerId });
  if (officer.status === 'invalid') fields.push({ path: 'officerId', message: 'Cán bộ không thuộc đơn vị này' });
  if (kiosk?.status === 'revoked') {
    const replay = await replayOutcome(db, s.id, hash);
    if (replay === 200) return { status: 200, flags: [] };
    // A revoked kiosk is a closed way in, like a retired link (410).
    return refused(replay === 409 ? 'id_conflict' : 'link_retired');
  }
  if (!checked.ok || fields.length > 0) return invalid(fields);
  const answers: Answers = checked.answers;

  const flags = baseFlags(s, definition, now);
  if ((target.recent ?? 0) >= BURST_LIMIT) flags.push('burst');
  if (target.same) flags.push('duplicate_device');
  if (kiosk?.status === 'ok' && kiosk.tooSoon) flags.push('kiosk_interval');

  const row: NewResponse = {
    id: s.id,
    survey_id: target.survey_id,
    version_id: s.versionId,
    unit_id: target.unit_id,
    link_id: target.id,
    channel: target.channel,
    answers: JSON.stringify(answers),
    comment: comment || null,
    started_at: s.startedAt ?? null,
    body_hash: hash,
    device_hash: deviceHash,
    ip_hash: keyedHash(ctx.key, 'ip', ctx.ip),
    flags,
    review_status: flags.length > 0 ? 'pending' : 'accepted',
  };
  if (kiosk?.status === 'ok') row.kiosk_id = kiosk.id;
  if (officer.status === 'ok' && officer.officerId !== null) row.officer_id = officer.officerId;
  const inserted = await (ctx.insert ? ctx.insert(row) : insertAlone(db, row));
  if (inserted) return { status: 201, flags };
  // Lost the race to (or is a replay of) the same id: the committed row decides.
  const replay = await replayOutcome(db, s.id, hash);
  if (replay === 200) return { status: 200, flags: [] };
  if (replay === 409) return refused('id_conflict');
  throw new Error(`response ${s.id} conflicted but is not stored`);
}
