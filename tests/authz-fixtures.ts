import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import sharp from 'sharp';
import type { Role } from '../server/db/schema.js';
import { submitFeedback } from '../server/feedback/intake.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { createUser, type TestApp } from './helpers/app.js';

/**
 * Two schools with their own data, and a user for each persona: the setting of the
 * authorization matrix and the injection tests. Small on purpose (no demo data): every
 * request in those tests is cheap.
 */

export const PERSONAS = ['anonymous', 'managerA', 'managerB', 'analyst', 'admin'] as const;
export type Persona = (typeof PERSONAS)[number];
export type SignedInPersona = Exclude<Persona, 'anonymous'>;
export const ROLE_OF: Record<SignedInPersona, Role> = {
  managerA: 'unit_manager',
  managerB: 'unit_manager',
  analyst: 'analyst',
  admin: 'admin',
};

export interface Fixtures {
  unitA: string;
  unitAName: string;
  unitB: string;
  /** A per-level survey both schools answer. */
  survey: string;
  /** An active link of unit A. */
  linkA: string;
  idOf(code: string): number;
  /** A fresh active link of unit A (for mutations that change it). */
  freshLinkA(): Promise<string>;
  /** A fresh user (for the user-management mutations). */
  freshUserId(): Promise<number>;
  /** A fresh flagged response of unit A, pending review. */
  freshPendingResponse(comment?: string): Promise<string>;
  /** A fresh feedback item of unit A (issue 13), with one photo; its tracking code. */
  freshFeedbackA(): Promise<string>;
  tthcDefinition: unknown;
}

export async function seedTwoSchools(t: TestApp): Promise<Fixtures> {
  await publishDefinitions(t.db, await readDefinitionFiles());
  await importUnits(
    t.db,
    [
      'code,name,kind,level,parent_code,ward,enrolment',
      'SO,Sở Giáo dục và Đào tạo,department,,,,',
      'THCS-AAA,Trường THCS Alpha,school,thcs,SO,Phường 1,800',
      'THCS-BBB,Trường THCS Beta,school,thcs,SO,Phường 2,700',
    ].join('\n'),
  );
  const units = await t.db.selectFrom('units').select(['id', 'code']).execute();
  const idOf = (code: string) => units.find((u) => u.code === code)!.id;
  const survey = await t.db
    .selectFrom('surveys')
    .select(['id', 'slug'])
    .where('slug', '=', 'education-parents-thcs')
    .executeTakeFirstOrThrow();
  const version = await t.db
    .selectFrom('survey_versions')
    .select('id')
    .where('survey_id', '=', survey.id)
    .executeTakeFirstOrThrow();
  let channel = 0;
  const newLink = async (unitId: number) => {
    const code = newLinkCode();
    await t.db
      .insertInto('links')
      .values({ code, survey_id: survey.id, unit_id: unitId, channel: `m${channel++}` })
      .execute();
    return code;
  };
  const newResponse = async (unitId: number, review: 'accepted' | 'pending', comment?: string) => {
    const id = randomUUID();
    await t.db
      .insertInto('responses')
      .values({
        id,
        survey_id: survey.id,
        version_id: version.id,
        unit_id: unitId,
        channel: 'qr',
        answers: JSON.stringify({}),
        comment: comment ?? null,
        body_hash: id,
        flags: review === 'pending' ? ['too_fast'] : [],
        review_status: review,
      })
      .execute();
    return id;
  };
  const linkA = await newLink(idOf('THCS-AAA'));
  await newLink(idOf('THCS-BBB'));
  await newResponse(idOf('THCS-AAA'), 'accepted', 'Nhà trường rất chu đáo');
  await newResponse(idOf('THCS-BBB'), 'accepted', 'Cần thêm chỗ để xe');
  const tthc = await t.db
    .selectFrom('survey_versions as v')
    .innerJoin('surveys as s', 's.id', 'v.survey_id')
    .select('v.definition')
    .where('s.slug', '=', 'tthc-services')
    .executeTakeFirstOrThrow();
  return {
    unitA: 'THCS-AAA',
    unitAName: 'Trường THCS Alpha',
    unitB: 'THCS-BBB',
    survey: survey.slug,
    linkA,
    idOf,
    freshLinkA: () => newLink(idOf('THCS-AAA')),
    freshUserId: async () => (await createUser(t.db, [{ role: 'analyst' }])).id,
    freshPendingResponse: (comment) => newResponse(idOf('THCS-AAA'), 'pending', comment),
    freshFeedbackA: async () => {
      const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .png()
        .toBuffer();
      const outcome = await submitFeedback(t.db, {
        id: randomUUID(),
        unit: 'THCS-AAA',
        category: 'khac',
        content: 'Phản ánh thử của ma trận phân quyền',
        photos: [`data:image/png;base64,${photo.toString('base64')}`],
      });
      if (!('code' in outcome)) throw new Error('feedback fixture refused');
      return outcome.code;
    },
    tthcDefinition: tthc.definition,
  };
}

export interface Personas {
  agents: Record<Persona, TestAgent>;
  /** Sign a persona in again (a new session), e.g. after it signed out everywhere. */
  signIn(who: SignedInPersona): Promise<TestAgent>;
}

export async function signInPersonas(t: TestApp, f: Fixtures): Promise<Personas> {
  const grants: Record<SignedInPersona, Array<{ role: Role; unitId?: number }>> = {
    managerA: [{ role: 'unit_manager', unitId: f.idOf(f.unitA) }],
    managerB: [{ role: 'unit_manager', unitId: f.idOf(f.unitB) }],
    analyst: [{ role: 'analyst' }],
    admin: [{ role: 'admin' }],
  };
  const credentials = {} as Record<SignedInPersona, { email: string; password: string }>;
  const signIn = async (who: SignedInPersona) => {
    const agent = t.request();
    const res = await agent.post('/api/v1/auth/login').send(credentials[who]);
    if (res.status !== 200) throw new Error(`sign-in of ${who} failed: ${res.status}`);
    agent.set('x-csrf-token', res.body.user.csrfToken);
    return agent;
  };
  const agents = { anonymous: t.request() } as Record<Persona, TestAgent>;
  for (const who of ['managerA', 'managerB', 'analyst', 'admin'] as const) {
    credentials[who] = await createUser(t.db, grants[who]);
    agents[who] = await signIn(who);
  }
  return { agents, signIn };
}
